package dev.patchbay.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How a callback ended. {@code connectionId} is set when {@code outcome} is
 * {@link FlowOutcome#CONNECTED}; {@code returnUrl} and {@code origin} are the session's (null when
 * it named none, or when the state named no session).
 */
public record FlowEnd(FlowOutcome outcome, UUID connectionId, String returnUrl, String origin) {
    public boolean connected() {
        return outcome == FlowOutcome.CONNECTED;
    }

    /** {@code returnUrl} with the result appended to its query; null without a return URL. */
    public String redirect() {
        if (returnUrl == null) {
            return null;
        }
        String result = connected()
                ? "connection_id=" + connectionId + "&status=connected"
                : "error=" + URLEncoder.encode(outcome.error(), StandardCharsets.UTF_8);
        return returnUrl + (returnUrl.contains("?") ? "&" : "?") + result;
    }
}
