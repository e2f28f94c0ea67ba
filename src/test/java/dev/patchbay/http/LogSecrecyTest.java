package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.patchbay.testing.Api.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;

/** A burst of good and bad setup calls carrying secrets everywhere, after which the log holds none of them. */
class LogSecrecyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_SETUP = PROVIDERS + "/github/setup";
    private static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    private final List<String> secrets = new ArrayList<>();
    private final List<ApiResponse> responses = new ArrayList<>();

    @Test
    void a_burst_of_setups_and_failures_logs_request_ids_but_no_secret() {
        Api api = server.api();
        // Valid setups on several providers.
        call(api.setup("github", object("client_id", "Iv1.log", "client_secret", secret("github"))), 200);
        call(api.setup("shopify", object("client_id", "shop-app", "client_secret", secret("shopify"),
                "shop_domain", "log-test.myshopify.com")), 200);
        call(api.setup("twilio", object("account_sid", TWILIO_SID, "auth_token", secret("twilio"))), 200);
        String stripeKey = "sk_test_" + secret("stripe").replace('-', '_');
        secrets.add(stripeKey);
        call(api.setup("stripe", object("api_key", stripeKey)), 200);
        // Secrets in the wrong places.
        call(api.setup("github", object("client_id", secret("as-client-id"))), 422);
        call(api.setup("github", object("client_id", "Iv1.log", "client_secret", 7, "scopes", List.of(secret("scope"), 1))), 422);
        call(api.setup("github", "{\"client_id\":\"Iv1.log\",\"client_secret\":[\"" + secret("in-array") + "\"]}"), 422);
        call(api.setup("github", object("client_id", "Iv1.log", "client_secret", (secret("too-long") + "-").repeat(20))), 422);
        call(api.setup("github", object("client_id", "Iv1.log", "redirect_uri", "http://" + secret("uri"),
                "client_secret", secret("with-bad-uri"))), 422);
        call(api.setup("stripe", object("api_key", "pk_" + secret("stripe-prefix"))), 422);
        // Secrets as values of unknown fields.
        call(api.setup("github", object("client_id", "Iv1.log", "client_secret", secret("next-to-extra"),
                "password", secret("extra"))), 422);
        call(api.setup("hacker-news", object("token", secret("hn-extra"))), 422);
        // Mask misuse.
        call(api.setup("google-workspace", object("client_id", "x", "client_secret", "********")), 422);
        call(api.setup("twilio", object("account_sid", "not-a-sid", "auth_token", "********")), 422);
        // Bodies the server cannot or will not parse.
        call(post("{\"client_id\":\"Iv1.log\",\"client_secret\":\"" + secret("not-json") + "\"", "application/json"), 400);
        call(post("{\"client_secret\":\"" + secret("dup-1") + "\",\"client_secret\":\"" + secret("dup-2") + "\"}",
                "application/json"), 400);
        call(post(object("client_id", "Iv1.log", "client_secret", secret("plain-text")), "text/plain"), 415);
        call(post(object("client_id", "Iv1.log", "client_secret", secret("no-type")), null), 415);
        call(post(object("client_id", "Iv1.log", "client_secret", secret("huge") + " ".repeat(70_000)), "application/json"), 413);
        call(api.setup("no-such-provider", object("client_secret", secret("unknown-provider"))), 404);
        // A mask that works, then a reset.
        call(api.setup("github", object("client_id", "Iv1.log2", "client_secret", "********")), 200);
        call(api.reset("github"), 200);
        call(api.setup("github", object("client_id", "Iv1.log2", "client_secret", "********")), 422);

        String log = server.logText();
        for (String secret : secrets) {
            assertThat(log).as("the log").doesNotContain(secret);
            for (ApiResponse response : responses) {
                assertThat(response.body()).as("a response body").doesNotContain(secret);
            }
        }
        for (ApiResponse response : responses) {
            assertThat(log).as("the log has each request's id").contains(response.header("X-Request-Id"));
        }
    }

    @Test
    void a_change_logs_at_info_and_a_read_or_a_refusal_at_debug_only() {
        Api api = server.api();
        ApiResponse changed = api.setup("github", object("client_id", "Iv1.log", "client_secret", secret("github")));
        ApiResponse read = api.get(PROVIDERS + "/github");
        ApiResponse refused = api.setup("github", object("client_id", 12345));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(read.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(accessLine(changed)).startsWith("INFO ");
        assertThat(accessLine(read)).startsWith("DEBUG ");
        assertThat(accessLine(refused)).startsWith("DEBUG ");
    }

    private String accessLine(ApiResponse response) {
        String requestId = response.header("X-Request-Id");
        return server.logText().lines()
                .filter(line -> line.contains("patchbay.access") && line.contains("request_id=" + requestId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access log line for " + requestId));
    }

    private String secret(String label) {
        String secret = server.secret(label);
        secrets.add(secret);
        return secret;
    }

    private void call(ApiResponse response, int expectedStatus) {
        responses.add(response);
        assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
    }

    private ApiResponse post(String body, String contentType) {
        return server.api().send("POST", GITHUB_SETUP, body, contentType, Map.of());
    }

    private static String object(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
    }
}
