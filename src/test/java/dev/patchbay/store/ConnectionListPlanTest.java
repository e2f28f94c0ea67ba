package dev.patchbay.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How SQLite, without statistics (as a running instance keeps its database), plans a page of
 * connections: from one index in id order, never collecting every match first (a temporary b-tree, a
 * list built from a subquery), so that a page costs the same with a million connections as with ten.
 */
class ConnectionListPlanTest {
    private static final Pattern NAMED = Pattern.compile(":([a-z_0-9]+)");
    private static final UUID AFTER = UUID.fromString("01a24c07-22e5-7555-8ad0-9201c7f5682b");

    @TempDir
    Path dir;

    @Test
    void a_page_by_owner_reads_the_owner_index_whatever_else_filters_it() throws SQLException {
        String plan = plan(new ConnectionQuery("github", "user-1", "active", Map.of("plan", "pro", "space", "s-1"),
                AFTER, 100));

        assertThat(plan).contains("connections_by_owner");
        assertNoCollection(plan);
    }

    @Test
    void a_page_by_tag_walks_that_tag_in_id_order() throws SQLException {
        String plan = plan(new ConnectionQuery(null, null, null, Map.of("plan", "pro"), AFTER, 100));

        assertThat(plan).contains("connection_tags_by_pair");
        assertNoCollection(plan);
        assertNoCollection(plan(new ConnectionQuery("github", null, "active", Map.of("plan", "pro", "space", "s-1"),
                null, 100)));
    }

    @Test
    void a_page_by_provider_reads_an_index_of_the_provider_in_id_order() throws SQLException {
        String byProvider = plan(new ConnectionQuery("github", null, null, Map.of(), AFTER, 100));
        String byProviderAndStatus = plan(new ConnectionQuery("github", null, "needs_reauth", Map.of(), null, 100));

        assertThat(byProvider).contains("connections_by_provider");
        assertNoCollection(byProvider);
        assertThat(byProviderAndStatus).contains("connections_by_provider_status");
        assertNoCollection(byProviderAndStatus);
    }

    @Test
    void a_page_by_status_alone_or_of_everything_walks_the_primary_key() throws SQLException {
        assertNoCollection(plan(new ConnectionQuery(null, null, "active", Map.of(), AFTER, 100)));
        assertNoCollection(plan(new ConnectionQuery(null, null, null, Map.of(), null, 100)));
    }

    private static void assertNoCollection(String plan) {
        assertThat(plan).doesNotContain("TEMP B-TREE").doesNotContain("LIST SUBQUERY").doesNotContain("SCAN connection_tags");
    }

    /** The lines of SQLite's EXPLAIN QUERY PLAN of the page, on a database the store has migrated. */
    private String plan(ConnectionQuery query) throws SQLException {
        try (Store store = Store.openSqlite(dir)) {
            assertThat(store.connections().list(query)).isEmpty(); // the statement runs as well as plans
        }
        ConnectionListSql.Statement page = ConnectionListSql.of(query, Dialect.SQLITE, "c.id");
        List<Object> values = new ArrayList<>();
        Matcher named = NAMED.matcher(page.sql());
        StringBuilder sql = new StringBuilder("EXPLAIN QUERY PLAN ");
        while (named.find()) {
            values.add(page.binds().get(named.group(1)));
            named.appendReplacement(sql, "?");
        }
        named.appendTail(sql);
        List<String> lines = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("patchbay.db"));
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString("detail"));
                }
            }
        }
        return String.join("\n", lines);
    }
}
