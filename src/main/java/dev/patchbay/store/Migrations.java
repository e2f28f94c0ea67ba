package dev.patchbay.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings the schema to {@link #LATEST}. Flyway runs only when the schema is behind: on every later
 * start one query shows it is current, which spares loading Flyway (a good share of start-up time).
 */
final class Migrations {
    /** The highest {@code V<n>__} migration under {@code db/migration}; a test keeps the two in step. */
    static final int LATEST = 16;

    private Migrations() {
    }

    static void apply(DataSource dataSource, Dialect dialect) {
        if (installedVersion(dataSource) >= LATEST) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.migrations)
                .load()
                .migrate();
    }

    /** The newest successfully applied version, or 0 when Flyway never ran here. */
    private static int installedVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            int newest = 0;
            while (rows.next()) {
                newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
            }
            return newest;
        } catch (SQLException | NumberFormatException e) {
            return 0; // no history table yet (or an unexpected one): let Flyway decide
        }
    }
}
