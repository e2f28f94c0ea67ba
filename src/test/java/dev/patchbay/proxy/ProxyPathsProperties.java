package dev.patchbay.proxy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The path joiner, on paths built from the characters that escapes are made of: whatever it accepts
 * stays on the base's host and under its path, and no decoding of it holds a way out.
 */
class ProxyPathsProperties {
    private static final URI BASE = URI.create("https://api.example.com/v2/base");
    private static final String TRICKY = "/.%2eEfF5cC@\\:;a0h?#";

    @Property(tries = 3000)
    void an_accepted_path_stays_on_the_host_and_under_the_base_path(@ForAll("paths") String path) {
        if (!accepted(path)) {
            return;
        }
        URI joined;
        try {
            joined = ProxyPaths.join(BASE, path, "q=1");
        } catch (ProxyFailedException e) {
            return; // refused at joining: nothing is sent either
        }

        assertThat(joined.getHost()).isEqualTo("api.example.com");
        assertThat(joined.getPort()).isEqualTo(-1);
        assertThat(joined.getRawUserInfo()).isNull();
        assertThat(joined.getRawPath()).startsWith("/v2/base");
        assertThat(joined.normalize().getRawPath()).startsWith("/v2/base");
        assertThat(joined.getRawQuery()).isEqualTo("q=1");
    }

    @Property(tries = 3000)
    void no_decoding_of_an_accepted_path_holds_a_way_out(@ForAll("paths") String path) {
        if (!accepted(path)) {
            return;
        }
        String decoded = path;
        for (int round = 0; round < 6; round++) {
            assertThat(decoded).doesNotContain("\\", "@", "//");
            for (String segment : decoded.split("/")) {
                assertThat(segment.split(";", -1)[0]).isNotIn(".", "..");
            }
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return;
            }
        }
    }

    @Example
    void every_known_escape_is_refused() {
        for (String escape : List.of("/..", "/../x", "/a/../../x", "/./x", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x",
                "/%252e%252e/x", "/%25252e%25252e/x", "/a%2f..%2f..%2fx", "/a%2F%2E%2E%2Fx", "//evil.example/x",
                "/%2f%2fevil.example/x", "/%252f%252fevil.example", "/@evil.example", "/%40evil.example/x",
                "/a\\..\\x", "/%5c..%5cx", "/http://evil.example/x", "/https:%2f%2fevil.example", "/..;/x",
                "/%2e%2e;x/y", "/a/%00/b", "/%0d%0aHost:%20evil", "x", "/a b", "/%zz", "/%2", "/a?b", "/a#b")) {
            assertThatThrownBy(() -> ProxyPaths.check(escape)).as(escape).isInstanceOf(ProxyFailedException.class)
                    .extracting(e -> ((ProxyFailedException) e).reason())
                    .isEqualTo(ProxyFailedException.Reason.PATH_REFUSED);
        }
    }

    @Example
    void ordinary_paths_are_accepted_and_kept_as_they_came() {
        for (String path : List.of("", "/", "/user", "/repos/o/r/issues/", "/files/a%20b.txt", "/v1/x:batchGet",
                "/search/caf%C3%A9", "/a;b=c/d", "/a.b/c..d/...")) {
            ProxyPaths.check(path);
            assertThat(ProxyPaths.join(BASE, path, null).getRawPath()).isEqualTo("/v2/base" + (path.isEmpty() ? "" : path));
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars(TRICKY.toCharArray()).ofMinLength(0).ofMaxLength(24)
                .map(tail -> "/" + tail);
    }

    private static boolean accepted(String path) {
        try {
            ProxyPaths.check(path);
            return true;
        } catch (ProxyFailedException e) {
            return false;
        }
    }
}
