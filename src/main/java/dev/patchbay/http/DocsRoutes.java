package dev.patchbay.http;

import io.javalin.config.RoutesConfig;

import java.util.Map;

/**
 * {@code /docs}: Swagger UI for {@code /openapi.json}, served from the swagger-ui webjar inside the
 * jar (no CDN). The page's Content-Security-Policy allows scripts, styles and calls from this origin
 * only, so the Swagger UI initializer is a file, not an inline script. No key is needed.
 */
final class DocsRoutes {
    static final String PATH = "/docs";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final StaticFiles files;

    DocsRoutes() {
        String webjar = "META-INF/resources/webjars/swagger-ui/" + Resources.properties(WEBJAR_POM).getProperty("version") + "/";
        files = new StaticFiles(PATH, new StaticFiles.File("docs/index.html", StaticFiles.HTML), Map.of(
                "swagger-ui-bundle.js", new StaticFiles.File(webjar + "swagger-ui-bundle.js", StaticFiles.JS),
                "swagger-ui.css", new StaticFiles.File(webjar + "swagger-ui.css", StaticFiles.CSS),
                "index.css", new StaticFiles.File(webjar + "index.css", StaticFiles.CSS),
                "favicon-32x32.png", new StaticFiles.File(webjar + "favicon-32x32.png", StaticFiles.PNG),
                "favicon-16x16.png", new StaticFiles.File(webjar + "favicon-16x16.png", StaticFiles.PNG),
                "swagger-initializer.js", new StaticFiles.File("docs/swagger-initializer.js", StaticFiles.JS)),
                Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY),
                "No such file of the documentation page.");
    }

    void register(RoutesConfig routes) {
        files.register(routes);
    }
}
