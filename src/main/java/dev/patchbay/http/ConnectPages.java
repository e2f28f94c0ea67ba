package dev.patchbay.http;

import dev.patchbay.connect.FlowEnd;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The small HTML pages a browser sees during a connect flow. Their policy is the console's, but the
 * only script allowed is the one below, by its hash: it never changes, and a hash cannot be reused by
 * anything injected. Every text goes in as escaped text, and the script reads the result from data
 * attributes, so no value can become markup or code. Stateless.
 */
final class ConnectPages {
    /**
     * Tells the window that opened the popup how the flow ended, then closes the popup. Posts only to
     * the session's origin: with none, the page posts nothing, since any page could be the opener.
     */
    static final String SCRIPT = "(function () {"
            + " var result = document.getElementById('patchbay-result').dataset;"
            + " if (!result.origin || !window.opener) { return; }"
            + " var message = result.status === 'connected'"
            + " ? {type: 'patchbay:connection', status: 'connected', connection_id: result.connectionId}"
            + " : {type: 'patchbay:connection', status: 'error', error: result.error};"
            + " window.opener.postMessage(message, result.origin);"
            + " window.close();"
            + " })();";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";
    private static final String HTML = "text/html; charset=utf-8";

    private ConnectPages() {
    }

    /** A page that only says {@code message}, with {@code status}. */
    static void message(Context ctx, int status, String message) {
        send(ctx, status, page(message, ""));
    }

    /** The page that ends a flow without a return URL: it says how the flow ended and posts it to the opener. */
    static void flowEnd(Context ctx, FlowEnd end) {
        String text = end.connected() ? "The account is connected." : switch (end.outcome()) {
            case DENIED -> "Connecting was cancelled: access was not granted.";
            case EXPIRED -> "This connect session expired. Start connecting again from the application.";
            case INVALID_STATE -> "This link is unknown or was used already; nothing was connected.";
            default -> "The account could not be connected. Start connecting again from the application.";
        };
        if (end.origin() == null) {
            text += " You can close this window.";
        }
        StringBuilder result = new StringBuilder("<div id=\"patchbay-result\" hidden data-status=\"")
                .append(end.connected() ? "connected" : "error").append('"');
        if (end.origin() != null) {
            result.append(" data-origin=\"").append(escape(end.origin())).append('"');
        }
        if (end.connected()) {
            result.append(" data-connection-id=\"").append(escape(end.connectionId().toString())).append('"');
        } else {
            result.append(" data-error=\"").append(escape(end.outcome().error())).append('"');
        }
        result.append("></div>\n<script>").append(SCRIPT).append("</script>\n");
        send(ctx, end.connected() ? 200 : 400, page(text, result.toString()));
    }

    /** Sends the browser to {@code location}. */
    static void redirect(Context ctx, String location) {
        headers(ctx);
        ctx.status(302).header("Location", location);
    }

    private static String page(String message, String extra) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>Patchbay</title>\n</head>\n<body>\n<p id=\"patchbay-message\">" + escape(message) + "</p>\n"
                + extra + "</body>\n</html>\n";
    }

    private static void send(Context ctx, int status, String html) {
        headers(ctx);
        ReadyBytes.send(ctx.status(status), HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        // The callback's URL holds the code and the state: no page it leads to may learn it.
        ctx.header("Referrer-Policy", "no-referrer");
    }

    /** Text as HTML text or attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
