package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.connections.Credentials;
import dev.patchbay.crypto.Secret;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The credentials body written field by field is, byte for byte, the tree's. */
class ConnectionJsonTest {
    /** Text JSON escapes, text it does not, and an unpaired surrogate. */
    private static final String AWKWARD = "k\u00e9y \u2603 \"q\" \\ / \u0001\t\n\u2028 \ud800 <>&'";

    private final ConnectionJson render = new ConnectionJson(new ObjectMapper());

    @Test
    void an_oauth_token_is_written_as_the_tree_writes_it() {
        assertSameAsTree(new Credentials("oauth2", Secret.of(AWKWARD), "Bearer",
                Instant.parse("2026-12-06T17:12:36.123456Z"), List.of("read", AWKWARD), Map.of()));
        assertSameAsTree(new Credentials("oauth2", Secret.of("t"), null, null, List.of(), Map.of()));
        assertSameAsTree(new Credentials("oauth2", Secret.of("gho_0123 ~!#$%&'()*+,-./:;<=>?@[]^_`{|}"), "Bearer",
                Instant.parse("2099-01-01T00:00:00Z"), List.of("repo", "read:org"), Map.of()));
    }

    @Test
    void plain_key_fields_are_written_as_the_tree_writes_them() {
        Map<String, Secret> fields = new LinkedHashMap<>();
        fields.put("username", Secret.of("user@example.com"));
        fields.put("password", Secret.of(""));
        assertSameAsTree(new Credentials("basic", null, null, null, List.of(), fields));
    }

    @Test
    void key_fields_are_written_as_the_tree_writes_them() {
        Map<String, Secret> fields = new LinkedHashMap<>();
        fields.put("username", Secret.of("u"));
        fields.put(AWKWARD, Secret.of(AWKWARD));
        fields.put("password", Secret.of(""));
        assertSameAsTree(new Credentials("basic", null, null, null, List.of(), fields));
        assertSameAsTree(new Credentials("api_key", null, null, null, List.of(), Map.of()));
    }

    @Test
    void a_field_named_like_one_written_before_it_takes_its_place_as_in_the_tree() {
        Map<String, Secret> fields = new LinkedHashMap<>();
        fields.put("key", Secret.of("k"));
        fields.put("type", Secret.of("x"));
        assertSameAsTree(new Credentials("api_key", null, null, null, List.of(), fields));
        assertSameAsTree(new Credentials("oauth2", Secret.of("t"), "Bearer", null, List.of(),
                Map.of("scopes", Secret.of("s"))));
    }

    private void assertSameAsTree(Credentials credentials) {
        assertThat(render.credentials(credentials)).isEqualTo(render.credentialsTree(credentials));
    }
}
