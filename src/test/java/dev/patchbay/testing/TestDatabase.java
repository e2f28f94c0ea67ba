package dev.patchbay.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The store the suite runs against, chosen by the system property {@code patchbay.test.store}
 * ({@code sqlite}, the default, or {@code postgresql}; the build runs the HTTP suite once with each).
 * On PostgreSQL each test gets its own schema, dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {
    /** Set by CI: then a PostgreSQL that cannot be reached fails the tests instead of skipping them. */
    public static final String URL_VARIABLE = "PATCHBAY_TEST_POSTGRES_URL";
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String adminUrl;
    private final String schema;

    private TestDatabase(String adminUrl, String schema) {
        this.adminUrl = adminUrl;
        this.schema = schema;
    }

    public static boolean isPostgresRun() {
        return "postgresql".equals(System.getProperty("patchbay.test.store", "sqlite"));
    }

    /** Nothing for SQLite (the server makes its file); a fresh PostgreSQL schema otherwise. */
    public static TestDatabase create() {
        if (!isPostgresRun()) {
            return new TestDatabase(null, null);
        }
        String configured = System.getenv(URL_VARIABLE);
        String url = configured == null || configured.isBlank() ? DEFAULT_URL : configured;
        String schema = "pbt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (configured != null && !configured.isBlank()) {
                throw new IllegalStateException(URL_VARIABLE + " is set but PostgreSQL cannot be reached at " + url, e);
            }
            String reason = "PostgreSQL is not reachable at " + url + " and " + URL_VARIABLE
                    + " is unset: skipping the PostgreSQL run of this test";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return new TestDatabase(url, schema);
    }

    /** Environment for a server on this database (empty for SQLite). */
    public Map<String, String> env() {
        if (schema == null) {
            return Map.of();
        }
        return Map.of("PATCHBAY_DATABASE_URL", adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    public boolean isSqlite() {
        return schema == null;
    }

    /** The JDBC URL of this test's schema, for tests that look at the database directly. */
    public String jdbcUrl() {
        return env().get("PATCHBAY_DATABASE_URL");
    }

    @Override
    public void close() {
        if (schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
