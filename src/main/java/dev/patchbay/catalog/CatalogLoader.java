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
        readBuiltIn((source, text) -> add(bySlug, sourceBySlug, source, text));
        if (overrides != null) {
            Map<String, String> overrideSources = new LinkedHashMap<>();
            for (Path file : descriptorFiles(overrides)) {
                String text = read(file);
                ProviderDescriptor descriptor = parse(file.toString(), text, false);
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
                     String source, String text) {
        ProviderDescriptor descriptor = parse(source, text, true);
        String earlier = sources.put(descriptor.slug(), source);
        if (earlier != null) {
            throw new InvalidDescriptorException(source,
                    "duplicate provider_slug '" + descriptor.slug() + "' (also in " + earlier + ")");
        }
        bySlug.put(descriptor.slug(), descriptor);
    }

    private ProviderDescriptor parse(String source, String text, boolean builtIn) {
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidDescriptorException(source, "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
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
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidDescriptorException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private interface DescriptorSink {
        void accept(String source, String text);
    }

    private static void readBuiltIn(DescriptorSink sink) {
        URL root = CatalogLoader.class.getClassLoader().getResource(BUILT_IN);
        if (root == null) {
            throw new IllegalStateException("the built-in provider catalog is missing from the class path");
        }
        try {
            if (root.openConnection() instanceof JarURLConnection connection) {
                connection.setUseCaches(false); // a handle of our own, closed below
                try (JarFile jar = connection.getJarFile()) {
                    readAll(jar, sink);
                }
            } else {
                readAll(Path.of(root.toURI()), sink);
            }
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot read the built-in catalog", e));
        }
    }

    private static void readAll(Path dir, DescriptorSink sink) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = new ArrayList<>(list.filter(CatalogLoader::isDescriptor).sorted().toList());
        }
        for (Path file : files) {
            sink.accept("built-in " + BUILT_IN + "/" + file.getFileName(), Files.readString(file));
        }
    }

    /**
     * The descriptors directly under {@code providers/} in the jar. Its entry list is read as it is:
     * mounting the jar as a file system would first index all of its entries (the whole class path).
     */
    private static void readAll(JarFile jar, DescriptorSink sink) throws IOException {
        String prefix = BUILT_IN + "/";
        List<JarEntry> entries = jar.stream()
                .filter(entry -> {
                    String name = entry.getName();
                    return name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0
                            && (name.endsWith(".yaml") || name.endsWith(".yml"));
                })
                .sorted(Comparator.comparing(JarEntry::getName))
                .toList();
        for (JarEntry entry : entries) {
            try (InputStream in = jar.getInputStream(entry)) {
                sink.accept("built-in " + entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
