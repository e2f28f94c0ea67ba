package dev.patchbay.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The built-in descriptors, already parsed from YAML, in one JSON file the build writes next to them
 * ({@code providers/index.json}). Parsing the built-in YAML files is the largest piece of start-up work, and
 * the hottest code the JIT compiles during start-up; reading the same trees as JSON costs a tenth.
 *
 * <p>The YAML files stay the source: each entry carries a checksum of the text it was parsed from,
 * and the index is used only when every built-in file is in it with an unchanged checksum (a build
 * that skipped this step, or an edit after it, falls back to the YAML). Built by {@link #main}.
 */
public final class BuiltInIndex {
    static final String RESOURCE = "providers/index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BuiltInIndex() {
    }

    /** A built-in descriptor file: its name under the class path root, and its text. */
    record Source(String name, String text) {
    }

    /** The parsed tree of every source, from the index on the class path, if it holds them all unchanged. */
    static Optional<Map<String, JsonNode>> treesFor(List<Source> sources) {
        try (InputStream in = BuiltInIndex.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : treesFor(sources, JSON.readTree(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Map<String, JsonNode>> treesFor(List<Source> sources, JsonNode index) {
        JsonNode entries = index.path("descriptors");
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        for (Source source : sources) {
            JsonNode entry = entries.path(source.name());
            if (!checksum(source.text()).equals(entry.path("crc32c").asText()) || !entry.path("tree").isObject()) {
                return Optional.empty();
            }
            trees.put(source.name(), entry.get("tree"));
        }
        return Optional.of(trees);
    }

    static String checksum(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /** The index of {@code sources}, each parsed as YAML; a source that is not valid YAML is left out. */
    static ObjectNode build(List<Source> sources) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        ObjectNode index = JSON.createObjectNode();
        ObjectNode entries = index.putObject("descriptors");
        for (Source source : sources) {
            JsonNode tree;
            try {
                tree = yaml.readTree(source.text());
            } catch (IOException e) {
                continue; // start-up parses the YAML itself and reports what is wrong with it
            }
            ObjectNode entry = entries.putObject(source.name());
            entry.put("crc32c", checksum(source.text()));
            entry.set("tree", tree);
        }
        return index;
    }

    /** Build step ({@code process-classes}): writes the index into the class output directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Files.writeString(root.resolve(RESOURCE),
                JSON.writeValueAsString(build(CatalogLoader.readAll(root.resolve("providers")))));
    }
}
