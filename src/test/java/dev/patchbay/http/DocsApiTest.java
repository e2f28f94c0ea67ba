package dev.patchbay.http;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.StaticFileChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.regex.Pattern;

import static dev.patchbay.http.ProvidersApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /docs}: Swagger UI from the jar, with a strict Content-Security-Policy, and no key needed. */
class DocsApiTest {
    private static final Pattern REFERENCE = Pattern.compile("(?:href|src)=\"([^\"]+)\"");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void the_page_is_html_and_needs_no_key() {
        ApiResponse page = docs().get(DocsRoutes.PATH);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"swagger-ui\">");
    }

    @Test
    void the_page_forbids_inline_scripts_and_other_origins() {
        ApiResponse page = docs().get(DocsRoutes.PATH);

        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
    }

    @Test
    void every_file_the_page_references_is_served_from_this_origin_with_its_content_type() {
        Set<String> references = StaticFileChecks.matches(REFERENCE, docs().get(DocsRoutes.PATH).body());

        assertThat(references).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-initializer.js",
                "/docs/swagger-ui.css");
        for (String reference : references) {
            ApiResponse file = docs().get(reference);
            assertThat(file.status()).as(reference).isEqualTo(200);
            assertThat(file.contentType()).as(reference).startsWith(StaticFileChecks.expectedType(reference));
            assertThat(file.body()).as(reference).isNotEmpty();
        }
    }

    @Test
    void swagger_ui_is_pointed_at_the_openapi_document() {
        ApiResponse initializer = docs().get("/docs/swagger-initializer.js");

        assertThat(initializer.body()).contains("url: \"/openapi.json\"", "validatorUrl: null");
    }

    @Test
    void a_file_that_is_not_part_of_the_page_is_a_404_problem() {
        assertProblem(docs().get("/docs/swagger-ui.js.map"), 404);
    }

    private Api docs() {
        return server.api().withKey(null);
    }
}
