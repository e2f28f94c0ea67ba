package dev.patchbay.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

    @Test
    void latest_names_the_highest_migration_file() throws IOException {
        int highest = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher version = VERSION.matcher(file.getFileName().toString());
                if (version.matches()) {
                    highest = Math.max(highest, Integer.parseInt(version.group(1)));
                }
            }
        }
        assertThat(Migrations.LATEST).isEqualTo(highest).isPositive();
    }

    @Test
    void a_reopened_database_is_current_and_keeps_its_data(@TempDir Path dir) {
        try (Store store = Store.openSqlite(dir)) {
            assertThat(store.setups().all()).isEmpty();
        }
        try (Store reopened = Store.openSqlite(dir)) {
            assertThat(reopened.audit().list(null, null, null, 10)).isEmpty();
        }
    }
}
