package dev.patchbay.testing;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract check itself, on made-up exchanges: it passes what the document describes and flags the rest. */
class OpenApiContractTest {
    private static final Map<String, List<String>> WITH_KEY = Map.of("X-API-Key", List.of("pb_any"));
    private static final String EVENTS = "/v1/admin/audit-events";
    private static final String NO_EVENTS = "{\"data\":[],\"meta\":{\"next_cursor\":null}}";
    private static final String NOT_FOUND = "{\"type\":\"https://patchbay.dev/problems/not-found\",\"title\":\"Not Found\","
            + "\"status\":404,\"detail\":\"No provider has this slug.\",\"request_id\":\"r1\"}";

    @Test
    void a_documented_answer_honours_the_contract() {
        assertThat(get("/healthz", Map.of(), 200, json(), "{\"status\":\"ok\"}")).isEmpty();
    }

    @Test
    void an_undocumented_status_is_a_violation() {
        assertThat(get("/healthz", Map.of(), 201, json(), "{\"status\":\"ok\"}"))
                .singleElement().asString().contains("status 201 is not documented");
    }

    @Test
    void an_undocumented_field_is_a_violation() {
        assertThat(get(EVENTS, WITH_KEY, 200, json(), "{\"data\":[],\"meta\":{\"next_cursor\":null,\"total\":0}}"))
                .singleElement().asString().contains("'total' is not defined");
    }

    @Test
    void a_value_of_the_wrong_type_is_a_violation() {
        assertThat(get(EVENTS, WITH_KEY, 200, json(), "{\"data\":[],\"meta\":{\"next_cursor\":5}}"))
                .singleElement().asString().contains("/meta/next_cursor");
    }

    @Test
    void a_missing_required_header_is_a_violation() {
        Map<String, List<String>> headers = new HashMap<>(json());
        headers.remove("X-Request-Id");
        assertThat(get("/healthz", Map.of(), 200, headers, "{\"status\":\"ok\"}"))
                .singleElement().asString().contains("header X-Request-Id is missing");
    }

    @Test
    void a_problem_of_another_type_than_documented_for_its_status_is_a_violation() {
        String forbidden = NOT_FOUND.replace("not-found", "forbidden");
        assertThat(get(Api.PROVIDERS + "/github", WITH_KEY, 404, problemJson(), forbidden))
                .singleElement().asString().contains("/type");
    }

    @Test
    void a_request_the_document_calls_invalid_must_be_refused() {
        assertThat(get(EVENTS + "?limit=0", WITH_KEY, 200, json(), NO_EVENTS))
                .singleElement().asString().contains("calls the request invalid, yet it was answered 200");
        assertThat(get(EVENTS + "?limitt=5", WITH_KEY, 200, json(), NO_EVENTS))
                .singleElement().asString().contains("query parameter limitt is not in the document");
        assertThat(get(EVENTS, Map.of(), 200, json(), NO_EVENTS))
                .singleElement().asString().contains("none of the credentials");
    }

    @Test
    void an_invalid_request_refused_with_a_documented_4xx_honours_the_contract() {
        assertThat(get(Api.PROVIDERS + "/GitHub", WITH_KEY, 404, problemJson(), NOT_FOUND)).isEmpty();
    }

    @Test
    void an_unknown_path_must_be_a_404_or_405_problem() {
        assertThat(get("/no-such-path", Map.of(), 404, problemJson(), NOT_FOUND)).isEmpty();
        assertThat(get("/no-such-path", Map.of(), 200, json(), "{\"status\":\"ok\"}")).hasSize(2);
    }

    @Test
    void an_unexpected_failure_is_a_violation_even_when_documented() {
        String internal = NOT_FOUND.replace("not-found", "internal-error").replace("404", "500");
        assertThat(get(EVENTS, WITH_KEY, 500, problemJson(), internal))
                .singleElement().asString().contains("an unexpected failure");
    }

    @Test
    void a_path_http_calls_malformed_must_be_a_400_problem() {
        String badRequest = NOT_FOUND.replace("not-found", "bad-request").replace("404", "400");
        for (String path : List.of(Api.PROVIDERS + "/<script>", Api.PROVIDERS + "/git%zzhub", Api.PROVIDERS + "/a%2")) {
            assertThat(get(path, WITH_KEY, 400, problemJson(), badRequest)).as(path).isEmpty();
            assertThat(get(path, WITH_KEY, 404, problemJson(), NOT_FOUND)).as(path)
                    .singleElement().asString().contains("must be answered 400");
        }
    }

    @Test
    void connect_to_a_path_must_be_a_400_problem() {
        String badRequest = NOT_FOUND.replace("not-found", "bad-request").replace("404", "400");
        assertThat(send("CONNECT", "/healthz", Map.of(), 400, problemJson(), badRequest)).isEmpty();
        assertThat(send("CONNECT", "/healthz", Map.of(), 405, problemJson(), badRequest.replace("400", "405")))
                .singleElement().asString().contains("must be answered 400");
    }

    @Test
    void an_unknown_path_under_v1_may_be_a_401_with_a_challenge_since_the_key_comes_first() {
        String unauthorized = NOT_FOUND.replace("not-found", "unauthorized").replace("404", "401");
        Map<String, List<String>> challenge = new HashMap<>(problemJson());
        challenge.put("WWW-Authenticate", List.of("ApiKey realm=\"patchbay\""));

        assertThat(get("/v1//admin/connector-providers", Map.of(), 401, challenge, unauthorized)).isEmpty();
        assertThat(get("/v1//admin/connector-providers", Map.of(), 401, problemJson(), unauthorized)).hasSize(1);
        assertThat(get("/no-such-path", Map.of(), 401, challenge, unauthorized)).hasSize(1);
    }

    private static List<String> get(String path, Map<String, List<String>> requestHeaders, int status,
                                    Map<String, List<String>> headers, String body) {
        return send("GET", path, requestHeaders, status, headers, body);
    }

    private static List<String> send(String method, String path, Map<String, List<String>> requestHeaders, int status,
                                     Map<String, List<String>> headers, String body) {
        return OpenApiContract.get().violations(new OpenApiContract.Exchange(method,
                path, requestHeaders, null, status, headers, body));
    }

    private static Map<String, List<String>> json() {
        return Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("r1"));
    }

    private static Map<String, List<String>> problemJson() {
        return Map.of("Content-Type", List.of("application/problem+json"), "X-Request-Id", List.of("r1"));
    }
}
