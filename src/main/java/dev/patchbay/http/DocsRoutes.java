package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /docs}: Swagger UI for {@code /openapi.json}, served from the swagger-ui webjar inside the
 * jar (no CDN), with a fixed list of assets. The page's Content-Security-Policy allows scripts,
 * styles and calls from this origin only, so the Swagger UI initializer is a file, not an inline
 * script. No key is needed. Thread-safe.
 */
final class DocsRoutes {
    static final String PATH = "/docs";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private record Asset(String resource, String contentType) {
    }

    private final Map<String, Asset> assets;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    DocsRoutes() {
        String webjar = "META-INF/resources/webjars/swagger-ui/" + Resources.properties(WEBJAR_POM).getProperty("version") + "/";
        String js = "text/javascript; charset=utf-8";
        String css = "text/css; charset=utf-8";
        assets = Map.of(
                "swagger-ui-bundle.js", new Asset(webjar + "swagger-ui-bundle.js", js),
                "swagger-ui.css", new Asset(webjar + "swagger-ui.css", css),
                "index.css", new Asset(webjar + "index.css", css),
                "favicon-32x32.png", new Asset(webjar + "favicon-32x32.png", "image/png"),
                "favicon-16x16.png", new Asset(webjar + "favicon-16x16.png", "image/png"),
                "swagger-initializer.js", new Asset("docs/swagger-initializer.js", js));
        assets.values().forEach(asset -> Resources.require(asset.resource())); // a missing asset stops start-up
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> serve(ctx, new Asset("docs/index.html", "text/html; charset=utf-8")));
        routes.get(PATH + "/{asset}", ctx -> {
            Asset asset = assets.get(ctx.pathParam("asset"));
            if (asset == null) {
                throw new HttpProblem(ProblemType.NOT_FOUND, "No such file of the documentation page.");
            }
            serve(ctx, asset);
        });
    }

    private void serve(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.contentType(asset.contentType()).result(bytes(asset.resource()));
    }

    private byte[] bytes(String resource) {
        return loaded.computeIfAbsent(resource, Resources::bytes);
    }
}
