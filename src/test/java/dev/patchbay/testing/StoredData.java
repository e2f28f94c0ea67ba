package dev.patchbay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a test's store holds, as bytes to search for a plaintext secret. On SQLite: every file
 * of the data directory (database, -wal, -shm, key file) end to end, so that the log and freed pages
 * count too. On PostgreSQL: every value of every column of every table in the test's schema, found
 * through {@code information_schema} rather than named, so that a table or column added later (tokens,
 * webhook secrets) is searched without changing the test; {@code bytea} as its bytes, anything else as
 * its text form.
 *
 * @param bytes  what is stored, end to end
 * @param places where it was read: file names, or {@code table.column}
 */
public record StoredData(byte[] bytes, List<String> places) {
    private static final String COLUMNS = """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position""";

    private record Column(String table, String name, String type) {
    }

    public StoredData {
        places = List.copyOf(places);
    }

    /** What the store of {@code server}'s test holds now. */
    public static StoredData of(PatchbayServerExtension server) {
        return server.isSqlite() ? files(server.dataDir()) : rows(server.database().jdbcUrl());
    }

    /** Whether {@code needle} occurs anywhere. */
    public boolean contains(byte[] needle) {
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static StoredData files(Path dataDir) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.writeBytes(Files.readAllBytes(file));
                names.add(dataDir.relativize(file).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredData(all.toByteArray(), names);
    }

    private static StoredData rows(String jdbcUrl) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> places = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            List<Column> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(COLUMNS); ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (Column column : columns) {
                    boolean binary = column.type().equals("bytea");
                    String value = statement.enquoteIdentifier(column.name(), true) + (binary ? "" : "::text");
                    read(statement, "SELECT " + value + " FROM " + statement.enquoteIdentifier(column.table(), true),
                            binary, all);
                    places.add(column.table() + "." + column.name());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the test's schema", e);
        }
        return new StoredData(all.toByteArray(), places);
    }

    private static void read(Statement statement, String query, boolean binary, ByteArrayOutputStream into)
            throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                byte[] cell = binary ? rs.getBytes(1)
                        : rs.getString(1) == null ? null : rs.getString(1).getBytes(StandardCharsets.UTF_8);
                if (cell != null) {
                    into.writeBytes(cell);
                    into.write('\n');
                }
            }
        }
    }
}
