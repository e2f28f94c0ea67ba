package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong API keys from one address: 401 up to the limit, then 429 with Retry-After; a valid key is never
 * held back. GET of one provider is tried on its own: ProviderReadShortcut sees its key first, in front
 * of the filter that counts wrong keys, and it is the route clients call most.
 */
class KeyThrottlingTest {
    /** The standard limit: wrong keys per address per minute answered with 401. */
    private static final int LIMIT = 20;
    private static final String WRONG_KEY = "pb_wrong-key-this-server-never-made";
    private static final String GITHUB = Api.PROVIDERS + "/github";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void wrong_keys_up_to_the_limit_are_401_and_then_429_with_retry_after() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(wrong.get(Api.PROVIDERS), 401);
        }

        ApiResponse throttled = wrong.get(Api.PROVIDERS);

        assertProblem(throttled, 429);
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void a_throttled_address_stays_throttled_for_every_wrong_key() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i < LIMIT; i++) {
            wrong.get(Api.PROVIDERS);
        }

        for (int i = 0; i < 5; i++) {
            assertProblem(server.api().withKey(WRONG_KEY + i).reset("github"), 429);
        }
    }

    @Test
    void a_valid_key_keeps_working_from_a_throttled_address() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i <= LIMIT; i++) {
            wrong.get(Api.PROVIDERS);
        }
        assertProblem(wrong.get(Api.PROVIDERS), 429);

        assertThat(server.api().get(Api.PROVIDERS).status()).isEqualTo(200);
        assertThat(server.api().reset("github").status()).isEqualTo(200);
    }

    @Test
    void a_request_without_any_key_is_401_and_not_counted() {
        Api none = server.api().withKey(null);
        for (int i = 0; i < 2 * LIMIT; i++) {
            assertProblem(none.get(Api.PROVIDERS), 401);
        }

        assertProblem(server.api().withKey(WRONG_KEY).get(Api.PROVIDERS), 401);
    }

    @Test
    void wrong_keys_on_get_of_one_provider_are_401_up_to_the_limit_and_then_429_with_retry_after() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(wrong.get(GITHUB), 401);
        }

        ApiResponse throttled = wrong.get(GITHUB);

        assertProblem(throttled, 429);
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void wrong_bearer_keys_on_get_of_one_provider_count_as_well() {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + WRONG_KEY);
        Api none = server.api().withKey(null);
        for (int i = 0; i < LIMIT; i++) {
            assertProblem(none.send("GET", GITHUB, null, null, bearer), 401);
        }

        assertProblem(none.send("GET", GITHUB, null, null, bearer), 429);
    }

    @Test
    void wrong_keys_on_get_of_one_provider_throttle_the_address_on_every_route() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i < LIMIT; i++) {
            wrong.get(GITHUB);
        }

        assertProblem(wrong.get(Api.PROVIDERS), 429);
        assertProblem(wrong.reset("github"), 429);
    }

    @Test
    void wrong_keys_elsewhere_throttle_get_of_one_provider() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i < LIMIT; i++) {
            wrong.get(Api.PROVIDERS);
        }

        ApiResponse throttled = wrong.get(GITHUB);

        assertProblem(throttled, 429);
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void a_valid_key_keeps_reading_one_provider_from_a_throttled_address() {
        Api wrong = server.api().withKey(WRONG_KEY);
        for (int i = 0; i <= LIMIT; i++) {
            wrong.get(GITHUB);
        }
        assertProblem(wrong.get(GITHUB), 429);

        ApiResponse read = server.api().provider("github");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.data().get("provider_slug").asText()).isEqualTo("github");
    }
}
