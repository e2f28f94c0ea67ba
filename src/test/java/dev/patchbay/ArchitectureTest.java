package dev.patchbay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STYLE guideline 2, enforced by the build: which Patchbay package may use which library and which
 * other Patchbay package. Scans {@code src/main/java} (Maven runs tests in the project directory) for
 * imports and for fully qualified names in code, so neither an import nor an inline
 * {@code java.sql.Connection} slips past. Comments and string literals are ignored.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final String ROOT = "dev.patchbay";

    private static List<SourceFile> sources;

    @BeforeAll
    static void scan() throws IOException {
        assertThat(MAIN.resolve("dev/patchbay")).as("run from the project directory").isDirectory();
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().map(SourceFile::read).toList();
        }
        assertThat(sources).isNotEmpty();
    }

    @Test
    void only_http_uses_javalin() {
        assertOnlyIn(Set.of("http"), "io.javalin");
    }

    @Test
    void only_http_uses_the_prometheus_client() {
        assertOnlyIn(Set.of("http"), "io.prometheus");
    }

    @Test
    void only_store_uses_jdbi_flyway_hikari_and_jdbc() {
        assertOnlyIn(Set.of("store"), "org.jdbi", "org.flywaydb", "com.zaxxer", "org.sqlite", "org.postgresql",
                "java.sql", "javax.sql");
    }

    @Test
    void only_crypto_uses_tink() {
        assertOnlyIn(Set.of("crypto"), "com.google.crypto.tink");
    }

    @Test
    void only_cli_uses_picocli() {
        assertOnlyIn(Set.of("cli"), "picocli");
    }

    @Test
    void only_cli_uses_wiring() {
        assertOnlyIn(Set.of("cli", "wiring"), ROOT + ".wiring");
    }

    @Test
    void catalog_uses_no_other_patchbay_package() {
        assertNoOtherPatchbayPackage("catalog");
    }

    @Test
    void crypto_uses_no_other_patchbay_package() {
        assertNoOtherPatchbayPackage("crypto");
    }

    @Test
    void store_uses_no_other_patchbay_package() {
        assertNoOtherPatchbayPackage("store");
    }

    @Test
    void verify_uses_only_the_catalog_and_the_secret_type() {
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (!source.capability().equals("verify")) {
                continue;
            }
            for (String name : source.qualifiedNames()) {
                boolean allowed = !name.startsWith(ROOT + ".") || name.startsWith(ROOT + ".verify.")
                        || name.startsWith(ROOT + ".catalog.") || name.equals(ROOT + ".crypto.Secret")
                        || name.startsWith(ROOT + ".crypto.Secret.");
                if (!allowed) {
                    violations.add(source.path() + " uses " + name);
                }
            }
        }
        assertThat(namesUsedBy("verify")).anyMatch(n -> n.startsWith(ROOT + ".catalog."));
        assertThat(violations).as("verify may use catalog and crypto.Secret only").isEmpty();
    }

    @Test
    void every_package_has_a_package_info() {
        Set<Path> dirs = new TreeSet<>();
        Set<Path> documented = new TreeSet<>();
        for (SourceFile source : sources) {
            dirs.add(source.path().getParent());
            if (source.path().getFileName().toString().equals("package-info.java")) {
                documented.add(source.path().getParent());
            }
        }
        dirs.removeAll(documented);
        assertThat(dirs).as("source directories without package-info.java").isEmpty();
    }

    @Test
    void every_file_declares_the_package_of_its_directory() {
        List<String> misplaced = new ArrayList<>();
        for (SourceFile source : sources) {
            String expected = MAIN.relativize(source.path().getParent()).toString().replace('/', '.').replace('\\', '.');
            if (!expected.equals(source.packageName())) {
                misplaced.add(source.path() + " declares '" + source.packageName() + "'");
            }
        }
        assertThat(misplaced).isEmpty();
    }

    @Test
    void the_scan_sees_each_library_where_it_belongs() {
        // Guards the rules above against passing vacuously because the scan found nothing.
        assertThat(namesUsedBy("http")).anyMatch(n -> n.startsWith("io.javalin."));
        assertThat(namesUsedBy("http")).anyMatch(n -> n.startsWith("io.prometheus."));
        assertThat(namesUsedBy("store")).anyMatch(n -> n.startsWith("org.jdbi."));
        assertThat(namesUsedBy("crypto")).anyMatch(n -> n.startsWith("com.google.crypto.tink."));
        assertThat(namesUsedBy("cli")).anyMatch(n -> n.startsWith("picocli."));
        assertThat(namesUsedBy("cli")).anyMatch(n -> n.startsWith(ROOT + ".wiring."));
    }

    @Test
    void the_scan_sees_inline_names_and_ignores_comments_and_strings(@TempDir Path dir) throws IOException {
        Path sample = dir.resolve("Sample.java");
        Files.writeString(sample, """
                package dev.patchbay.sample;

                import static io.javalin.http.HttpStatus.OK;
                import org.jdbi.v3.core.*;

                /** Mentions {@link com.google.crypto.tink.Aead} in a comment only. */
                class Sample {
                    java.sql.Connection connection; // picocli.CommandLine in a comment
                    String text = "dev.patchbay.wiring.Patchbay in a string";
                    char quote = '"';
                    @ picocli.CommandLine.Option(names = "x") String option;
                }
                """);

        SourceFile source = SourceFile.read(sample);

        assertThat(source.packageName()).isEqualTo("dev.patchbay.sample");
        assertThat(source.capability()).isEqualTo("sample");
        assertThat(source.qualifiedNames()).contains("io.javalin.http.HttpStatus.OK", "org.jdbi.v3.core",
                "java.sql.Connection", "picocli.CommandLine.Option");
        assertThat(source.qualifiedNames()).noneMatch(n -> n.startsWith("com.google") || n.startsWith(ROOT + ".wiring"));
    }

    private static List<String> namesUsedBy(String capability) {
        return sources.stream().filter(s -> s.capability().equals(capability))
                .flatMap(s -> s.qualifiedNames().stream()).toList();
    }

    /** Names starting with any of {@code prefixes} appear only in files of {@code allowed} capabilities. */
    private static void assertOnlyIn(Set<String> allowed, String... prefixes) {
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (allowed.contains(source.capability())) {
                continue;
            }
            for (String prefix : prefixes) {
                for (String name : source.qualifiedNames()) {
                    if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                        violations.add(source.path() + " uses " + name);
                    }
                }
            }
        }
        assertThat(violations).as("only %s may use %s", allowed, List.of(prefixes)).isEmpty();
    }

    private static void assertNoOtherPatchbayPackage(String capability) {
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (!source.capability().equals(capability)) {
                continue;
            }
            for (String name : source.qualifiedNames()) {
                if (name.startsWith(ROOT + ".") && !name.startsWith(ROOT + "." + capability + ".")) {
                    violations.add(source.path() + " uses " + name);
                }
            }
        }
        assertThat(violations).as("%s may use no other Patchbay package", capability).isEmpty();
    }

    /** One main source file: its package, and every dotted name its code (not its comments) mentions. */
    private record SourceFile(Path path, String packageName, Set<String> qualifiedNames) {
        private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
        private static final Pattern PACKAGE_STATEMENT = Pattern.compile("\\bpackage\\s+[\\w.]+\\s*;");
        /** A dotted name starting with a lower-case segment: {@code java.sql.Connection}, {@code io.javalin.http}. */
        private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])([a-z][\\w]*(?:\\s*\\.\\s*[A-Za-z_][\\w]*)+)");

        static SourceFile read(Path path) {
            String code;
            try {
                code = JavaText.withoutCommentsAndLiterals(Files.readString(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher declared = PACKAGE.matcher(code);
            String packageName = declared.find() ? declared.group(1) : "";
            Set<String> names = new TreeSet<>();
            Matcher qualified = QUALIFIED.matcher(PACKAGE_STATEMENT.matcher(code).replaceFirst(""));
            while (qualified.find()) {
                names.add(qualified.group(1).replaceAll("\\s", ""));
            }
            return new SourceFile(path, packageName, names);
        }

        /** The first segment under {@code dev.patchbay} ("http", "store", …), or "" for the root package. */
        String capability() {
            if (!packageName.startsWith(ROOT + ".")) {
                return "";
            }
            String rest = packageName.substring(ROOT.length() + 1);
            int dot = rest.indexOf('.');
            return dot < 0 ? rest : rest.substring(0, dot);
        }
    }

    /** Blanks out comments, string, text-block and char literals, keeping line structure. */
    static final class JavaText {
        private JavaText() {
        }

        static String withoutCommentsAndLiterals(String source) {
            StringBuilder out = new StringBuilder(source.length());
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (source.startsWith("//", i)) {
                    while (i < n && source.charAt(i) != '\n') {
                        i++;
                    }
                } else if (source.startsWith("/*", i)) {
                    int end = source.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                    out.append(' ');
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    while (end > 0 && source.charAt(end - 1) == '\\') {
                        end = source.indexOf("\"\"\"", end + 1);
                    }
                    i = end < 0 ? n : end + 3;
                    out.append("\"\"");
                } else if (c == '"' || c == '\'') {
                    i++;
                    while (i < n && source.charAt(i) != c) {
                        i += source.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                    out.append(c).append(c);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }
    }
}
