package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /v1/admin/me}: the name and scope of the key that made the request, so that a client
 * such as the console can tell a read-only key from an admin key before offering to change anything.
 */
final class KeyRoutes {
    static final String PATH = "/v1/admin/me";

    private final ObjectMapper json;

    KeyRoutes(ObjectMapper json) {
        this.json = json;
    }

    void register(RoutesConfig routes) {
        Reads.register(routes, PATH, this::me);
    }

    private void me(Context ctx) throws JsonProcessingException {
        if (!ctx.queryParamMap().isEmpty()) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "This call takes no query parameters.");
        }
        Principal principal = ApiKeyFilter.principal(ctx);
        ObjectNode body = json.createObjectNode();
        body.putObject("data").put("name", principal.name()).put("scope", principal.scope().wire());
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
