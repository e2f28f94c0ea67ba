package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider logos: every file in console/logos/ is listed for the page and served, and only those. */
class ConsoleLogosTest {
    private static final Path LOGOS = Path.of("src", "main", "resources", "console", "logos");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void the_route_list_the_page_list_and_the_files_agree() throws IOException {
        List<String> files;
        try (Stream<Path> svgs = Files.list(LOGOS)) {
            files = svgs.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".svg"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        Matcher listed = Pattern.compile("'([a-z0-9-]+)',").matcher(Files.readString(LOGOS.resolveSibling("logos.js")));
        List<String> forThePage = listed.results().map(m -> m.group(1)).sorted().toList();

        assertThat(files).isNotEmpty();
        assertThat(ConsoleRoutes.LOGOS).containsExactlyInAnyOrderElementsOf(files);
        assertThat(forThePage).containsExactlyElementsOf(files);
    }

    @Test
    void a_logo_is_served_as_svg_without_a_key() {
        ApiResponse logo = server.api().withKey(null).get("/console/logo-github.svg");

        assertThat(logo.status()).isEqualTo(200);
        assertThat(logo.contentType()).startsWith("image/svg+xml");
        assertThat(logo.body()).startsWith("<svg ").doesNotContain("<script");
    }
}
