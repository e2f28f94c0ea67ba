package dev.patchbay.http;

import dev.patchbay.auth.KeyScope;
import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.OpenApiContract;
import dev.patchbay.testing.PatchbayServerExtension;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** API keys on {@code /v1/}, request ids, and the endpoints that need no key. */
class AuthApiTest {
    /** An admin key handed to the server through configuration; it must never come back either. */
    private static final String CONFIGURED_KEY = "pb_configured-" + java.util.UUID.randomUUID();
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String HOSTILE_REQUEST_ID = "trace 123\"; drop=\"1";
    private static final String LONG_REQUEST_ID = "r".repeat(500);

    private record Operation(String method, String path, boolean needsKey) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Nested
    class WithTheFirstStartKey {
        @RegisterExtension
        final PatchbayServerExtension server = new PatchbayServerExtension();

        @Test
        void no_key_is_401_with_www_authenticate() {
            ApiResponse answer = server.api().withKey(null).get(Api.PROVIDERS);

            assertProblem(answer, 401);
            assertThat(answer.header("WWW-Authenticate")).isNotBlank();
        }

        @Test
        void every_documented_v1_operation_needs_a_key_and_a_well_formed_query_string() {
            List<Operation> operations = documentedV1Operations();
            assertThat(operations).hasSizeGreaterThanOrEqualTo(8);

            for (Operation operation : operations) {
                ApiResponse keyless = server.api().withKey(null).send(operation.method(), operation.path(), null, null,
                        Map.of());
                ApiResponse badQuery = server.api().send(operation.method(), operation.path() + "?%ZZ=1", null, null,
                        Map.of());

                if (operation.needsKey()) {
                    assertThat(keyless.status()).as("%s without a key", operation).isEqualTo(401);
                } else {
                    // The browser's side of a connect flow: its token or state is the credential.
                    assertThat(keyless.status()).as("%s without a key", operation).isNotEqualTo(401);
                }
                assertThat(badQuery.status()).as("%s?%%ZZ=1", operation).isEqualTo(400);
            }
            assertThat(server.api().provider("github").data().get("setup").isNull()).isTrue();
        }

        /** Method and a concrete path of each operation {@code openapi.json} documents under {@code /v1/}. */
        private List<Operation> documentedV1Operations() {
            List<Operation> operations = new ArrayList<>();
            new OpenAPIV3Parser().readContents(OpenApiContract.documentText()).getOpenAPI().getPaths()
                    .forEach((template, item) -> {
                        if (template.startsWith("/v1/")) {
                            String path = template.replace("{provider_slug}", "github");
                            item.readOperationsMap().forEach((method, operation) -> operations.add(new Operation(
                                    method.name(), path, operation.getSecurity() == null || !operation.getSecurity().isEmpty())));
                        }
                    });
            return operations;
        }

        @Test
        void unknown_key_is_401_with_www_authenticate() {
            ApiResponse answer = server.api().withKey("pb_not-a-key-this-server-made").get(Api.PROVIDERS);

            assertProblem(answer, 401);
            assertThat(answer.header("WWW-Authenticate")).isNotBlank();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {Api.PROVIDERS, Api.PROVIDERS + "/github"})
        void bearer_authorization_is_accepted(String path) {
            ApiResponse answer = server.api().withKey(null).send("GET", path, null, null,
                    Map.of("Authorization", "Bearer " + server.server().adminKey()));

            assertThat(answer.status()).isEqualTo(200);
        }

        @Test
        void read_key_can_get() {
            Api reader = keyed("reader", KeyScope.READ);

            assertThat(reader.get(Api.PROVIDERS).status()).isEqualTo(200);
            assertThat(reader.provider("github").status()).isEqualTo(200);
        }

        @Test
        void read_key_gets_403_on_setup_and_nothing_changes() {
            Api reader = keyed("reader", KeyScope.READ);

            ApiResponse answer = reader.setup("github", githubSetup());

            assertProblem(answer, 403);
            ApiResponse github = server.api().provider("github");
            assertThat(github.data().get("setup_complete").asBoolean()).isFalse();
            assertThat(github.header("ETag")).isEqualTo("\"0\"");
        }

        @Test
        void read_key_gets_403_on_reset_and_nothing_changes() {
            assertThat(server.api().setup("github", githubSetup()).status()).isEqualTo(200);
            Api reader = keyed("reader", KeyScope.READ);

            ApiResponse answer = reader.reset("github");

            assertProblem(answer, 403);
            ApiResponse github = server.api().provider("github");
            assertThat(github.data().get("setup_complete").asBoolean()).isTrue();
            assertThat(github.header("ETag")).isEqualTo("\"1\"");
        }

        @Test
        void me_names_the_key_and_its_scope_and_never_the_key() {
            String readKey = server.server().patchbay().keys().create("dashboard", KeyScope.READ);

            ApiResponse reader = server.api().withKey(readKey).get("/v1/admin/me");
            ApiResponse admin = keyed("ops-admin", KeyScope.ADMIN).get("/v1/admin/me");

            assertThat(reader.status()).isEqualTo(200);
            assertThat(reader.body()).isEqualTo("{\"data\":{\"name\":\"dashboard\",\"scope\":\"read\"}}");
            assertThat(admin.data().get("scope").asText()).isEqualTo("admin");
            assertThat(admin.data().get("name").asText()).isEqualTo("ops-admin");
        }

        @Test
        void a_connect_key_may_learn_its_own_scope_and_nothing_else_of_admin() {
            Api backend = keyed("backend", KeyScope.CONNECT);

            assertThat(backend.get("/v1/admin/me").body()).isEqualTo("{\"data\":{\"name\":\"backend\",\"scope\":\"connect\"}}");
            assertProblem(backend.get(Api.PROVIDERS), 403);
            assertProblem(backend.get("/v1/admin/audit-events"), 403);
        }

        @Test
        void me_needs_a_key_and_takes_no_query_parameters() {
            assertProblem(server.api().withKey(null).get("/v1/admin/me"), 401);
            assertProblem(server.api().get("/v1/admin/me?verbose=true"), 400);
        }

        @Test
        void revoked_key_is_401() {
            Api admin = keyed("ci", KeyScope.ADMIN);
            assertThat(admin.get(Api.PROVIDERS).status()).isEqualTo(200);
            assertThat(admin.provider("github").status()).isEqualTo(200);

            server.server().patchbay().keys().revoke("ci");

            assertProblem(admin.get(Api.PROVIDERS), 401);
            assertProblem(admin.provider("github"), 401);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {Api.PROVIDERS, Api.PROVIDERS + "/github"})
        void client_request_id_is_echoed_in_the_header(String path) {
            ApiResponse answer = withRequestId("trace-123", path);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("X-Request-Id")).isEqualTo("trace-123");
        }

        @Test
        void client_request_id_is_echoed_in_a_problem_body() {
            ApiResponse answer = withRequestId("trace-123", Api.PROVIDERS + "/no-such-provider");

            assertProblem(answer, 404);
            assertThat(answer.json().get("request_id").asText()).isEqualTo("trace-123");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {HOSTILE_REQUEST_ID, "'quoted'", "a b"})
        void hostile_request_id_is_replaced_by_a_generated_one(String hostile) {
            ApiResponse answer = withRequestId(hostile, Api.PROVIDERS + "/no-such-provider");

            assertProblem(answer, 404);
            assertThat(answer.header("X-Request-Id")).matches(UUID_PATTERN);
            assertThat(answer.body()).doesNotContain(hostile);
        }

        @Test
        void a_hostile_request_id_on_a_read_is_replaced_by_a_generated_one() {
            ApiResponse answer = withRequestId(HOSTILE_REQUEST_ID, Api.PROVIDERS + "/github");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("X-Request-Id")).matches(UUID_PATTERN);
        }

        @Test
        void a_500_character_request_id_is_replaced_by_a_generated_one() {
            ApiResponse answer = withRequestId(LONG_REQUEST_ID, Api.PROVIDERS + "/no-such-provider");

            assertProblem(answer, 404);
            assertThat(answer.header("X-Request-Id")).matches(UUID_PATTERN);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/healthz", "/readyz"})
        void health_endpoints_need_no_key(String path) {
            assertThat(server.api().withKey(null).get(path).status()).isEqualTo(200);
        }

        private Api keyed(String name, KeyScope scope) {
            return server.api().withKey(server.server().patchbay().keys().create(name, scope));
        }

        private String githubSetup() {
            return "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("github") + "\"}";
        }

        private ApiResponse withRequestId(String requestId, String path) {
            return server.api().send("GET", path, null, null, Map.of("X-Request-Id", requestId));
        }
    }

    @Nested
    class WithAConfiguredAdminKey {
        @RegisterExtension
        final PatchbayServerExtension server =
                new PatchbayServerExtension(Map.of("PATCHBAY_ADMIN_API_KEY", CONFIGURED_KEY));

        @Test
        void configured_key_is_accepted() {
            assertThat(server.api().withKey(CONFIGURED_KEY).get(Api.PROVIDERS).status()).isEqualTo(200);
        }

        @Test
        void setup_with_the_configured_key_is_updated_by_env() {
            ApiResponse posted = server.api().withKey(CONFIGURED_KEY).setup("github",
                    "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("github") + "\"}");

            assertThat(posted.status()).isEqualTo(200);
            assertThat(posted.data().at("/setup/updated_by").asText()).isEqualTo("env");
        }

        @Test
        void no_first_start_key_is_created() {
            assertThat(server.server().adminKey()).isNull();
            assertThat(server.server().patchbay().keys().list()).isEmpty();
        }

        @Test
        void configured_key_never_appears_in_a_response_or_the_log() {
            Api admin = server.api().withKey(CONFIGURED_KEY);
            for (ApiResponse answer : new ApiResponse[] {admin.get(Api.PROVIDERS), admin.reset("github")}) {
                assertThat(answer.body()).doesNotContain(CONFIGURED_KEY);
                assertThat(answer.headers().toString()).doesNotContain(CONFIGURED_KEY);
            }
            assertThat(server.logText()).doesNotContain(CONFIGURED_KEY);
        }
    }
}
