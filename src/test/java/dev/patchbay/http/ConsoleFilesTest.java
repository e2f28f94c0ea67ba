package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StaticFileChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /console}'s files as HTTP sees them: served from the jar without a key, under a policy that
 * allows this origin only, and complete (every file the page or a module refers to is there). What
 * the console does in a browser is pinned down by the tests in {@code dev.patchbay.console}.
 */
class ConsoleFilesTest {
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:href|src)=\"(/console/[^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+)'");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void the_page_is_html_and_needs_no_key() {
        ApiResponse page = files().get(ConsoleRoutes.PATH);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<main id=\"main\"");
    }

    @Test
    void the_page_allows_only_this_origin_no_inline_script_no_framing_and_no_html_from_strings() {
        ApiResponse page = files().get(ConsoleRoutes.PATH);

        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                        "connect-src 'self'", "frame-ancestors 'none'", "require-trusted-types-for 'script'",
                        "trusted-types 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "data:");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" on", "style=");
    }

    @Test
    void every_file_the_page_and_its_modules_refer_to_is_served_with_its_content_type() {
        Map<String, ApiResponse> files = everyFileOfThePage();

        files.forEach((path, file) -> {
            assertThat(file.status()).as(path).isEqualTo(200);
            assertThat(file.contentType()).as(path).startsWith(StaticFileChecks.expectedType(path));
            assertThat(file.header("Content-Security-Policy")).as(path).isNotNull();
        });
        assertThat(files).containsKeys("/console/app.js", "/console/console.css", "/console/setup-form.js",
                "/console/provider-page.js", "/console/audit-list.js");
    }

    @Test
    void the_scripts_never_write_html_from_strings_nor_use_local_storage() {
        everyFileOfThePage().forEach((path, file) -> assertThat(file.body()).as(path)
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "localStorage"));
    }

    @Test
    void a_file_that_is_not_part_of_the_console_is_a_404_problem() {
        assertProblem(files().get("/console/app.js.map"), 404);
        assertProblem(files().get("/console/..%2Fopenapi.json"), 404);
    }

    /** The page's own files, and every module they import, by path. */
    private Map<String, ApiResponse> everyFileOfThePage() {
        Map<String, ApiResponse> served = new LinkedHashMap<>();
        Deque<String> toFetch = new ArrayDeque<>(
                StaticFileChecks.matches(PAGE_REFERENCE, files().get(ConsoleRoutes.PATH).body()));
        while (!toFetch.isEmpty()) {
            String path = toFetch.pop();
            if (!served.containsKey(path)) {
                ApiResponse file = files().get(path);
                served.put(path, file);
                if (path.endsWith(".js")) {
                    StaticFileChecks.matches(IMPORT, file.body()).forEach(module -> toFetch.add(ConsoleRoutes.PATH + "/" + module));
                }
            }
        }
        return served;
    }

    private Api files() {
        return server.api().withKey(null);
    }
}
