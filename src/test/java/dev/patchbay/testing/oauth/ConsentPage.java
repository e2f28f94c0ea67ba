package dev.patchbay.testing.oauth;

import java.util.List;

/**
 * The HTML page of {@link Consent#ASK}: who asks for what, and Approve / Deny buttons that post the
 * decision to {@code /authorize/decision}. Plain HTML without script, so it works in any browser.
 */
final class ConsentPage {
    static final String DECISION_PATH = "/authorize/decision";

    private ConsentPage() {
    }

    static String render(String clientId, List<String> scopes, String requestId, String userId) {
        StringBuilder items = new StringBuilder();
        for (String scope : scopes) {
            items.append("<li>").append(escape(scope)).append("</li>");
        }
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Authorize %1$s</title></head>
                <body>
                <h1>Authorize <span id="client">%1$s</span></h1>
                <p>Signed in as <span id="user">%4$s</span>. The application asks for:</p>
                <ul id="scopes">%2$s</ul>
                <form method="post" action="%5$s">
                <input type="hidden" name="request" value="%3$s">
                <button type="submit" id="approve" name="decision" value="approve">Approve</button>
                <button type="submit" id="deny" name="decision" value="deny">Deny</button>
                </form>
                </body>
                </html>
                """.formatted(escape(clientId), items, escape(requestId), escape(userId), DECISION_PATH);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
