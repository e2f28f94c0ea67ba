package dev.patchbay.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and everything under docs/ stand on their own in a clone: every relative link names a
 * file of the repository (and a heading of it, when it has an anchor), and none leaves the repository.
 * Web links may only point at the service itself, on this machine.
 */
class DocLinksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** Written on other branches at the same time; linked from the README ahead of their arrival. */
    private static final Set<String> EXPECTED_ELSEWHERE = Set.of("docs/connections.md", "docs/providers.md");
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost");

    @Test
    void every_link_of_the_docs_stays_in_the_repository_and_arrives() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            MarkdownDoc markdown = MarkdownDoc.read(doc);
            for (String link : markdown.links()) {
                String problem = check(doc, markdown, link);
                if (problem != null) {
                    broken.add(ROOT.relativize(doc) + ": " + link + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).as("links in README.md and docs/").isEmpty();
    }

    @Test
    void the_readme_is_short_and_starts_with_its_contents() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));

        assertThat(lines.size()).as("README.md's lines").isLessThanOrEqualTo(200);
        assertThat(String.join("\n", lines)).contains("- [A five-minute tour](#a-five-minute-tour)");
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Why {@code link} in {@code doc} is broken, or null. */
    private static String check(Path doc, MarkdownDoc markdown, String link) {
        if (link.startsWith("http://") || link.startsWith("https://")) {
            String host = URI.create(link).getHost();
            return LOCAL_HOSTS.contains(host) ? null : "a web page outside the repository; say it in words";
        }
        if (link.contains(":")) {
            return "not a link to a file";
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!target.startsWith(ROOT)) {
            return "outside the repository";
        }
        String relative = ROOT.relativize(target).toString().replace('\\', '/');
        if (!Files.exists(target)) {
            return EXPECTED_ELSEWHERE.contains(relative) ? null : "no such file";
        }
        if (anchor != null && target.toString().endsWith(".md")
                && !(path.isEmpty() ? markdown : MarkdownDoc.read(target)).anchors().contains(anchor)) {
            return "no such heading";
        }
        return null;
    }
}
