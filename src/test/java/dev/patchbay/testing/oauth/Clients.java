package dev.patchbay.testing.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The clients registered at the fake, and client authentication (RFC 6749 §2.3.1). Thread-safe. */
final class Clients {
    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

    void register(RegisteredClient client) {
        byId.put(client.clientId(), client);
    }

    /** The client, or null when none has this id. */
    RegisteredClient find(String clientId) {
        return clientId == null ? null : byId.get(clientId);
    }

    /**
     * Who is calling: {@code basic} holds the decoded id and secret of an {@code Authorization: Basic}
     * header (null without one), {@code body} the request parameters.
     */
    Authentication authenticate(String[] basic, Map<String, String> body, Set<ClientAuthMethod> accepted) {
        String bodySecret = body.get("client_secret");
        if (basic != null && bodySecret != null) {
            // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
            return Authentication.failed(400, "invalid_request", basic[0], false);
        }
        if (basic != null) {
            if (body.containsKey("client_id") && !body.get("client_id").equals(basic[0])) {
                return Authentication.failed(400, "invalid_request", basic[0], true);
            }
            return check(basic[0], basic[1], ClientAuthMethod.BASIC, accepted);
        }
        if (bodySecret != null) {
            return check(body.get("client_id"), bodySecret, ClientAuthMethod.POST, accepted);
        }
        return Authentication.failed(401, "invalid_client", body.get("client_id"), false);
    }

    private Authentication check(String clientId, String secret, ClientAuthMethod method, Set<ClientAuthMethod> accepted) {
        boolean basic = method == ClientAuthMethod.BASIC;
        RegisteredClient client = find(clientId);
        if (client == null || !accepted.contains(method) || !MessageDigest.isEqual(
                client.clientSecret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return Authentication.failed(401, "invalid_client", clientId, basic);
        }
        return new Authentication(client, method, clientId, 200, null, basic);
    }

    /**
     * The outcome: {@code client} and {@code method} on success; otherwise the status and error to
     * answer, and whether Basic was tried (then a 401 must carry {@code WWW-Authenticate}, RFC 6749 §5.2).
     */
    record Authentication(RegisteredClient client, ClientAuthMethod method, String claimedClientId, int status,
                          String error, boolean basicTried) {
        static Authentication failed(int status, String error, String claimedClientId, boolean basicTried) {
            return new Authentication(null, null, claimedClientId, status, error, basicTried);
        }

        boolean ok() {
            return client != null;
        }
    }
}
