package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_ID;
import static dev.patchbay.testing.oauth.OAuthTestCalls.CLIENT_SECRET;
import static dev.patchbay.testing.oauth.OAuthTestCalls.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

/** How the fake's token endpoint authenticates clients, which bodies it takes and how it words errors. */
class FakeTokenRequestsTest {
    @RegisterExtension
    final FakeOAuthExtension fake = new FakeOAuthExtension();

    private FakeOAuthServer oauth;
    private OAuthTestCalls calls;

    @BeforeEach
    void register_a_client() {
        oauth = fake.server();
        oauth.registerClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
        calls = new OAuthTestCalls(oauth);
    }

    @Test
    void a_wrong_secret_is_invalid_client_with_a_basic_challenge() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                .header("Authorization", OAuthTestCalls.basic(CLIENT_ID, "wrong"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthTestCalls.form(calls.codeExchange(calls.code()))));

        HttpResponse<String> response = calls.send(request);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(calls.json(response).path("error").asText()).isEqualTo("invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void body_credentials_in_json_work_unless_only_basic_or_only_forms_are_accepted() {
        Map<String, String> exchange = calls.codeExchange(calls.code());
        exchange.put("client_id", CLIENT_ID);
        exchange.put("client_secret", CLIENT_SECRET);

        oauth.settings().clientAuth(ClientAuthMethod.BASIC);
        assertThat(postJson(exchange).statusCode()).isEqualTo(401);
        oauth.settings().clientAuth(ClientAuthMethod.POST).requestFormats(RequestFormat.FORM);
        assertThat(postJson(exchange).statusCode()).isEqualTo(400);
        oauth.settings().requestFormats(RequestFormat.JSON);
        assertThat(postJson(exchange).statusCode()).isEqualTo(200);

        assertThat(oauth.tokenRequests()).extracting(TokenRequest::clientAuth, TokenRequest::format)
                .last().isEqualTo(Tuple.tuple(ClientAuthMethod.POST, RequestFormat.JSON));
    }

    private HttpResponse<String> postJson(Map<String, String> body) {
        try {
            String json = new ObjectMapper().writeValueAsString(body);
            return calls.send(HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void two_authentication_methods_at_once_are_invalid_request() {
        Map<String, String> exchange = calls.codeExchange(calls.code());
        exchange.put("client_secret", CLIENT_SECRET);

        assertThat(calls.json(calls.token(exchange)).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_github_like_fake_answers_errors_with_200_and_its_own_codes() {
        oauth.settings().errorsAsHttp200(true).errorCode("invalid_grant", "bad_verification_code");

        HttpResponse<String> response = calls.token(calls.codeExchange(new OAuthTestCalls.Code("unknown", "v")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(calls.json(response).path("error").asText()).isEqualTo("bad_verification_code");
        assertThat(oauth.tokenRequests().get(0).succeeded()).isFalse();
    }

    @Test
    void an_injected_status_answers_plain_text_and_the_call_after_it_works() {
        oauth.failNextTokenCalls(1, TokenFault.httpStatus(502));
        OAuthTestCalls.Code code = calls.code();

        HttpResponse<String> failed = calls.token(calls.codeExchange(code));

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(calls.token(calls.codeExchange(code)).statusCode()).isEqualTo(200);
    }
}
