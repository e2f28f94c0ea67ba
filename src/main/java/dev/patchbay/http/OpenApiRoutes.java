package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /openapi.json}: the OpenAPI 3.1 description of this API, the reviewed file
 * {@code src/main/resources/openapi.json} served as it is. No key is needed.
 */
final class OpenApiRoutes {
    static final String PATH = "/openapi.json";
    static final String RESOURCE = "openapi.json";

    private final byte[] document = Resources.bytes(RESOURCE);

    void register(RoutesConfig routes) {
        Reads.register(routes, PATH, this::document);
    }

    private void document(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
