package dev.patchbay.testing.oauth;

import java.util.Map;
import java.util.TreeSet;

/**
 * One call to {@code POST /token} as the fake received and answered it. {@code refreshToken} is the
 * identity of the refresh token sent (null when none was sent or the value was unknown to the fake);
 * {@code clientAuth} is null when the client did not authenticate; {@code error} is null on success;
 * {@code path} is where it was sent: {@code /token} or {@code /refresh}.
 */
public record TokenRequest(String grantType, String clientId, ClientAuthMethod clientAuth, RequestFormat format,
                           TokenRef refreshToken, Map<String, String> params, int status, String error, String path) {
    public TokenRequest {
        params = Map.copyOf(params);
    }

    /** Whether the answer handed out tokens (an error answered as HTTP 200 did not). */
    public boolean succeeded() {
        return status == 200 && error == null;
    }

    /** Names the parameters but not their values: codes, verifiers and secrets stay out of test output. */
    @Override
    public String toString() {
        return "TokenRequest[" + grantType + ", client=" + clientId + ", auth=" + clientAuth + ", format=" + format
                + ", refreshToken=" + refreshToken + ", params=" + new TreeSet<>(params.keySet()) + ", status="
                + status + ", error=" + error + ", path=" + path + "]";
    }
}
