package dev.patchbay.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Builds the {@link Catalog} from the descriptors bundled under {@code providers/} on the class path
 * and, optionally, a directory of operator descriptors that add providers or replace built-in ones
 * by slug. Any invalid descriptor fails the whole load with {@link InvalidDescriptorException}.
 */
public final class CatalogLoader {
    private static final String BUILT_IN = "providers";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final DescriptorParser parser = new DescriptorParser(new SchemaCompiler());

    /** The built-in catalog with the descriptors of {@code overrides} (may be null) applied on top. */
    public Catalog load(Path overrides) {
        Map<String, ProviderDescriptor> bySlug = new LinkedHashMap<>();
        Map<String, String> sourceBySlug = new LinkedHashMap<>();
        List<BuiltInIndex.Source> builtIn = readBuiltIn();
        Map<String, JsonNode> indexed = BuiltInIndex.treesFor(builtIn).orElse(Map.of());
        for (BuiltInIndex.Source source : builtIn) {
            String name = "built-in " + source.name();
            JsonNode tree = indexed.get(source.name());
            add(bySlug, sourceBySlug, name, tree != null ? tree : yamlTree(name, source.text()));
        }
        if (overrides != null) {
            Map<String, String> overrideSources = new LinkedHashMap<>();
            for (Path file : descriptorFiles(overrides)) {
                String text = read(file);
                ProviderDescriptor descriptor = describe(file.toString(), yamlTree(file.toString(), text), false);
                String earlier = overrideSources.put(descriptor.slug(), file.toString());
                if (earlier != null) {
                    throw new InvalidDescriptorException(file.toString(),
                            "duplicate provider_slug '" + descriptor.slug() + "' (also in " + earlier + ")");
                }
                bySlug.put(descriptor.slug(), descriptor);
            }
        }
        return new Catalog(bySlug.values());
    }

    private void add(Map<String, ProviderDescriptor> bySlug, Map<String, String> sources,
                     String source, JsonNode tree) {
        ProviderDescriptor descriptor = describe(source, tree, true);
        String earlier = sources.put(descriptor.slug(), source);
        if (earlier != null) {
            throw new InvalidDescriptorException(source,
                    "duplicate provider_slug '" + descriptor.slug() + "' (also in " + earlier + ")");
        }
        bySlug.put(descriptor.slug(), descriptor);
    }

    private JsonNode yamlTree(String source, String text) {
        try {
            return yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidDescriptorException(source, "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
    }

    private ProviderDescriptor describe(String source, JsonNode tree, boolean builtIn) {
        if (!(tree instanceof ObjectNode node)) {
            throw new InvalidDescriptorException(source, "the document must be a mapping of descriptor fields");
        }
        try {
            return parser.parse(node, builtIn);
        } catch (IllegalArgumentException e) {
            throw new InvalidDescriptorException(source, e.getMessage());
        }
    }

    private static List<Path> descriptorFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDescriptorException(dir.toString(), "PATCHBAY_PROVIDERS_DIR is not a readable directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(CatalogLoader::isDescriptor).sorted().toList();
        } catch (IOException e) {
            throw new InvalidDescriptorException(dir.toString(), "cannot list the directory: " + e.getMessage());
        }
    }

    private static boolean isDescriptor(Path file) {
        return Files.isRegularFile(file) && isDescriptorName(file.getFileName().toString());
    }

    private static boolean isDescriptorName(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidDescriptorException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /** The built-in descriptor files, sorted by name. */
    private static List<BuiltInIndex.Source> readBuiltIn() {
        URL root = CatalogLoader.class.getClassLoader().getResource(BUILT_IN);
        if (root == null) {
            throw new IllegalStateException("the built-in provider catalog is missing from the class path");
        }
        try {
            if (root.openConnection() instanceof JarURLConnection connection) {
                connection.setUseCaches(false); // a handle of our own, closed below
                try (JarFile jar = connection.getJarFile()) {
                    return readAll(jar);
                }
            }
            return readAll(Path.of(root.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot read the built-in catalog", e));
        }
    }

    /** The descriptor files directly in {@code dir}, sorted, named as under the class path root ({@code providers/…}). */
    static List<BuiltInIndex.Source> readAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(CatalogLoader::isDescriptor).sorted().toList();
        }
        List<BuiltInIndex.Source> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(new BuiltInIndex.Source(BUILT_IN + "/" + file.getFileName(), Files.readString(file)));
        }
        return sources;
    }

    /**
     * The descriptors directly under {@code providers/} in the jar. Its entry list is read as it is:
     * mounting the jar as a file system would first index all of its entries (the whole class path).
     */
    private static List<BuiltInIndex.Source> readAll(JarFile jar) throws IOException {
        String prefix = BUILT_IN + "/";
        List<JarEntry> entries = jar.stream()
                .filter(entry -> {
                    String name = entry.getName();
                    return name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0 && isDescriptorName(name);
                })
                .sorted(Comparator.comparing(JarEntry::getName))
                .toList();
        List<BuiltInIndex.Source> sources = new ArrayList<>();
        for (JarEntry entry : entries) {
            try (InputStream in = jar.getInputStream(entry)) {
                sources.add(new BuiltInIndex.Source(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return sources;
    }
}
