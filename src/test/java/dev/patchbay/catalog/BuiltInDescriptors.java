package dev.patchbay.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The built-in descriptors as {@code serve} loads them, each with the text of its file, whose
 * {@code # gap: field — why} comment lines say what the descriptor leaves out and why (comments,
 * so that the parser and start-up never see them).
 */
final class BuiltInDescriptors {
    static final Path SOURCE = Path.of("src/main/resources/providers");
    private static final String GAP = "# gap: ";

    record Entry(ProviderDescriptor descriptor, String text, List<String> gaps) {
    }

    private BuiltInDescriptors() {
    }

    static List<Entry> load() {
        Map<String, ProviderDescriptor> bySlug = new CatalogLoader().load(null).all().stream()
                .collect(Collectors.toMap(ProviderDescriptor::slug, Function.identity()));
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(file);
                String slug = text.lines().filter(line -> line.startsWith("provider_slug: ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException(file + " names no provider_slug"))
                        .substring("provider_slug: ".length()).trim();
                List<String> gaps = text.lines().filter(line -> line.startsWith(GAP))
                        .map(line -> line.substring(GAP.length()).trim()).toList();
                entries.add(new Entry(bySlug.get(slug), text, gaps));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries.size() != bySlug.size() || entries.stream().anyMatch(e -> e.descriptor() == null)) {
            throw new IllegalStateException("the files under " + SOURCE + " are not the loaded catalog");
        }
        return entries;
    }
}
