package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's JSON index of the built-in descriptors: the same trees as the YAML, and ignored once stale. */
class BuiltInIndexTest {
    private static final Path BUILT_IN = Path.of("src/main/resources/providers");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void the_index_on_the_class_path_holds_every_built_in_descriptor_as_its_yaml_reads() throws IOException {
        List<BuiltInIndex.Source> sources = sources();

        Map<String, JsonNode> trees = BuiltInIndex.treesFor(sources).orElseThrow(
                () -> new AssertionError("the build wrote no index matching src/main/resources/providers"));

        assertThat(trees).hasSameSizeAs(sources);
        for (BuiltInIndex.Source source : sources) {
            assertThat(trees.get(source.name())).as(source.name()).isEqualTo(YAML.readTree(source.text()));
        }
    }

    @Test
    void a_descriptor_edited_after_the_build_is_read_from_its_yaml() {
        List<BuiltInIndex.Source> sources = new ArrayList<>(sources());
        JsonNode index = BuiltInIndex.build(sources);
        BuiltInIndex.Source first = sources.get(0);
        sources.set(0, new BuiltInIndex.Source(first.name(), first.text() + "\n# edited\n"));

        assertThat(BuiltInIndex.treesFor(sources, index)).isEmpty();
    }

    @Test
    void a_descriptor_added_after_the_build_is_read_from_its_yaml() {
        List<BuiltInIndex.Source> sources = new ArrayList<>(sources());
        JsonNode index = BuiltInIndex.build(sources);
        sources.add(new BuiltInIndex.Source("providers/zz-new.yaml", "provider_slug: zz-new\n"));

        assertThat(BuiltInIndex.treesFor(sources, index)).isEmpty();
    }

    @Test
    void a_built_in_file_that_is_not_yaml_is_left_for_start_up_to_report() {
        List<BuiltInIndex.Source> sources = List.of(new BuiltInIndex.Source("providers/broken.yaml", "a: [unclosed\n"));

        assertThat(BuiltInIndex.treesFor(sources, BuiltInIndex.build(sources))).isEmpty();
    }

    private static List<BuiltInIndex.Source> sources() {
        try {
            return CatalogLoader.readAll(BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
