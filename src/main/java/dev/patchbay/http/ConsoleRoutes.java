package dev.patchbay.http;

import io.javalin.config.RoutesConfig;

import java.util.List;
import java.util.Map;

/**
 * {@code /console}: the administrators' web page, plain HTML, CSS and ES modules from the jar that
 * call the same {@code /v1} API as every client. Its policy allows nothing but this origin, no inline
 * script and no framing, and requires Trusted Types with no policy at all: any attempt of the
 * scripts to write HTML from a string is refused by the browser, so text a descriptor or an error
 * carries can only ever be shown as text. No key is needed for the files; the page asks for one.
 */
final class ConsoleRoutes {
    static final String PATH = "/console";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";
    private static final String[] MODULES = {"app.js", "api.js", "dom.js", "sign-in.js", "provider-list.js",
            "provider-page.js", "setup-form.js", "audit-list.js", "logos.js", "dialog.js", "overview.js",
            "connection-list.js", "connection-page.js", "connect-form.js", "connect-popup.js",
            "webhook-list.js"};
    /** The providers with a logo in console/logos/; logos.js lists the same (ConsoleLogosTest holds them together). */
    static final List<String> LOGOS = List.of("airtable", "asana", "bitbucket", "box", "clickup", "confluence", "datadog", "discord", "dropbox", "figma", "github", "gitlab", "google-drive", "google-workspace", "hacker-news", "hubspot", "intercom", "jenkins", "jira", "linear", "mailchimp", "mailgun", "notion", "okta", "pagerduty", "quickbooks", "shopify", "stripe", "xero", "zendesk", "zoom");

    private final StaticFiles files;

    ConsoleRoutes() {
        Map<String, StaticFiles.File> assets = new java.util.HashMap<>();
        for (String module : MODULES) {
            assets.put(module, new StaticFiles.File("console/" + module, StaticFiles.JS));
        }
        assets.put("console.css", new StaticFiles.File("console/console.css", StaticFiles.CSS));
        assets.put("favicon.svg", new StaticFiles.File("console/favicon.svg", StaticFiles.SVG));
        for (String slug : LOGOS) {
            assets.put("logo-" + slug + ".svg", new StaticFiles.File("console/logos/" + slug + ".svg", StaticFiles.SVG));
        }
        files = new StaticFiles(PATH, new StaticFiles.File("console/index.html", StaticFiles.HTML), assets,
                Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY,
                        "X-Frame-Options", "DENY",
                        "Referrer-Policy", "no-referrer",
                        "Cache-Control", "no-cache"),
                "No such file of the console.");
    }

    void register(RoutesConfig routes) {
        // Where a browser pointed at the service lands; 302, since / may mean something else one day.
        routes.get("/", ctx -> ctx.redirect(PATH, io.javalin.http.HttpStatus.FOUND));
        files.register(routes);
    }
}
