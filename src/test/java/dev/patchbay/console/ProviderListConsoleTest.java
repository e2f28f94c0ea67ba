package dev.patchbay.console;

import dev.patchbay.testing.Api;
import dev.patchbay.testing.Browser;
import dev.patchbay.testing.PatchbayServerExtension;
import dev.patchbay.testing.ProviderStub;
import dev.patchbay.testing.StubDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider list: search, filters, a badge per provider and paging, as the list API answers them. */
class ProviderListConsoleTest {
    /** The console's page size. */
    private static final int PAGE_SIZE = 25;
    private static final Path PROVIDERS = StubDescriptors.inTemporaryDirectory();

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension(Map.of(
            "PATCHBAY_PROVIDERS_DIR", PROVIDERS.toString(),
            "PATCHBAY_VERIFY_ALLOW_PRIVATE", "true"));

    @RegisterExtension
    final Browser browser = new Browser();

    @RegisterExtension
    final ProviderStub stub = new ProviderStub();

    @Test
    void search_and_filters_narrow_the_list_and_stay_in_the_address() {
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());

        console.filter("git", "", "", "");
        assertThat(console.listedSlugs()).containsExactly("bitbucket", "digitalocean", "github", "gitlab"); // Bitbucket: "Git repositories…"

        console.filter("", "basic", "", "");
        assertThat(console.listedSlugs()).contains("acme-basic", "jenkins", "twilio")
                .containsExactlyElementsOf(slugsTheApiLists("auth_type=basic"));

        console.filter("", "oauth2", "testing", "");
        assertThat(console.listedSlugs()).containsExactly("acme-form", "acme-hub", "acme-oauth");
        assertThat(console.currentUrl()).endsWith("#/providers?auth_type=oauth2&category=testing");

        console.open("#/providers?q=SLACK");
        assertThat(console.listedSlugs()).containsExactly("slack");
    }

    @Test
    void badges_tell_set_up_from_not_set_up_and_from_a_failed_verification() {
        server.api().setup("github", "{\"client_id\":\"Iv1.abc\",\"client_secret\":\"" + server.secret("gh") + "\"}");
        server.api().setup(StubDescriptors.API_KEY,
                "{\"api_key\":\"" + server.secret("key") + "\",\"base_url\":\"" + stub.baseUrl() + "\"}");
        stub.answer(401, "{}");
        assertThat(server.api().verify(StubDescriptors.API_KEY).data().get("ok").asBoolean()).isFalse();
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());

        console.filter("", "", "", "true");

        assertThat(console.listedSlugs()).containsExactly(StubDescriptors.API_KEY, "github");
        assertThat(console.badgeOf("github")).isEqualTo("Set up");
        assertThat(console.badgeOf(StubDescriptors.API_KEY)).isEqualTo("Verification failed");
        console.filter("", "", "", "false");
        assertThat(console.badgeOf("airtable")).isEqualTo("Not set up");
        assertThat(console.listedSlugs()).doesNotContain("github", StubDescriptors.API_KEY);
    }

    @Test
    void paging_follows_the_cursor_to_the_end_of_the_catalog() {
        int total = server.api().get(Api.PROVIDERS + "?limit=1").json().at("/meta/total").asInt();
        assertThat(total).as("several pages").isGreaterThan(2 * PAGE_SIZE);
        Console console = new Console(browser, server.server()).signIn(server.server().adminKey());
        List<String> seen = new ArrayList<>();

        while (true) {
            int shown = Math.min(PAGE_SIZE, total - seen.size());
            assertThat(console.resultCount()).isEqualTo(total + " providers match; this page shows " + shown + ".");
            List<String> page = console.listedSlugs();
            assertThat(page).hasSize(shown);
            if (!seen.isEmpty()) {
                String lastOfPreviousPage = seen.get(seen.size() - 1);
                assertThat(page).allMatch(slug -> slug.compareTo(lastOfPreviousPage) > 0);
            }
            seen.addAll(page);
            if (seen.size() == total) {
                break;
            }
            console.nextPage();
        }

        assertThat(seen).containsExactlyElementsOf(slugsTheApiLists("")).endsWith("zoom");
        assertThat(console.pageSource()).doesNotContain("Next page").contains("First page");
    }

    /** What the list API answers for {@code query}, in its order: one page holds the whole catalog. */
    private List<String> slugsTheApiLists(String query) {
        List<String> slugs = new ArrayList<>();
        server.api().get(Api.PROVIDERS + "?limit=500" + (query.isEmpty() ? "" : "&" + query)).data()
                .forEach(provider -> slugs.add(provider.get("provider_slug").asText()));
        return slugs;
    }
}
