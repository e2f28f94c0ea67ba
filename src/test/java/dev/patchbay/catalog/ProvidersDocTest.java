package dev.patchbay.catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/providers.md is generated from the catalog, so it cannot drift: when the committed file differs
 * from what the descriptors render, this test writes the new file and fails, once, until it is committed.
 */
class ProvidersDocTest {

    @Test
    void the_committed_providers_page_is_what_the_catalog_renders() throws IOException {
        Path file = Path.of(ProvidersDoc.PATH);
        String rendered = ProvidersDoc.render(BuiltInDescriptors.load());
        String committed = Files.exists(file) ? Files.readString(file) : "";
        if (!committed.equals(rendered)) {
            Files.writeString(file, rendered);
        }

        assertThat(committed).as(ProvidersDoc.PATH + " was out of date and has been rewritten; commit it")
                .isEqualTo(rendered);
    }

    @Test
    void the_page_lists_every_provider_and_its_gaps() {
        String rendered = ProvidersDoc.render(BuiltInDescriptors.load());

        for (BuiltInDescriptors.Entry entry : BuiltInDescriptors.load()) {
            assertThat(rendered).contains("| `" + entry.descriptor().slug() + "` |");
            entry.gaps().forEach(gap -> assertThat(rendered).contains("  - " + gap + "\n"));
        }
    }

    @Test
    void a_provider_without_an_api_block_or_a_check_is_listed_as_a_gap() {
        String rendered = ProvidersDoc.render(BuiltInDescriptors.load());

        for (BuiltInDescriptors.Entry entry : BuiltInDescriptors.load()) {
            List<String> gaps = ProvidersDoc.gaps(entry);
            if (entry.descriptor().api() == null) {
                assertThat(gaps).as(entry.descriptor().slug()).anyMatch(gap -> gap.startsWith("api"));
            }
            if (entry.descriptor().verify() instanceof VerifySpec.Unsupported) {
                assertThat(gaps).as(entry.descriptor().slug()).anyMatch(gap -> gap.startsWith("verify"));
            }
            ProvidersDoc.gaps(entry).forEach(gap -> assertThat(rendered).contains("  - " + gap + "\n"));
        }
    }
}
