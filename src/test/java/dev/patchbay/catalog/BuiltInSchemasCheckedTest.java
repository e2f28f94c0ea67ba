package dev.patchbay.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * At start-up the built-in descriptors skip the meta-schema check and compile their schemas on first
 * use; this is the build-time check that makes that safe: every built-in passes the full checks an
 * operator's descriptor gets, and every schema compiles.
 */
class BuiltInSchemasCheckedTest {
    private static final Path BUILT_IN = Path.of("src/main/resources/providers");

    @Test
    void every_built_in_descriptor_passes_the_checks_of_an_operator_descriptor(@TempDir Path dir) throws IOException {
        try (Stream<Path> files = Files.list(BUILT_IN)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }

        Catalog checked = new CatalogLoader().load(dir);

        assertThat(checked.size()).isEqualTo(new CatalogLoader().load(null).size());
    }

    @Test
    void every_built_in_schema_compiles_and_validates() {
        for (ProviderDescriptor provider : new CatalogLoader().load(null).all()) {
            assertThatCode(() -> provider.configSchema().validate(com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode())).as(provider.slug()).doesNotThrowAnyException();
        }
    }
}
