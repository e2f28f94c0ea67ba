package dev.patchbay.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link SetupStore} in SQL that SQLite and PostgreSQL both accept. */
final class JdbiSetupStore implements SetupStore {
    private static final String COLUMNS = "slug, revision, config, secrets, configured_at, updated_at, updated_by";
    private static final RowMapper<SetupRow> ROW = (rs, ctx) -> new SetupRow(
            rs.getString("slug"),
            rs.getLong("revision"),
            rs.getString("config"),
            SecretColumn.decode(rs.getString("secrets")),
            instant(rs.getString("configured_at")),
            instant(rs.getString("updated_at")),
            rs.getString("updated_by"));

    private final Jdbi jdbi;

    JdbiSetupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<SetupRow> all() {
        return StoreCalls.guarded(() -> jdbi.withHandle(h ->
                h.createQuery("SELECT " + COLUMNS + " FROM provider_setups ORDER BY slug").map(ROW).list()));
    }

    @Override
    public Optional<SetupRow> find(String slug) {
        return StoreCalls.guarded(() -> jdbi.withHandle(h -> find(h, slug)));
    }

    @Override
    public SetupRow put(SetupWrite write) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> h.createQuery("""
                        INSERT INTO provider_setups (slug, revision, config, secrets, configured_at, updated_at, updated_by)
                        VALUES (:slug, 1, :config, :secrets, :at, :at, :actor)
                        ON CONFLICT (slug) DO UPDATE SET
                            revision = provider_setups.revision + 1,
                            config = excluded.config,
                            secrets = excluded.secrets,
                            configured_at = COALESCE(provider_setups.configured_at, excluded.configured_at),
                            updated_at = excluded.updated_at,
                            updated_by = excluded.updated_by
                        RETURNING""" + " " + COLUMNS)
                .bind("slug", write.slug())
                .bind("config", write.config())
                .bind("secrets", SecretColumn.encode(write.secrets()))
                .bind("at", write.at().toString())
                .bind("actor", write.actor())
                .map(ROW)
                .one()));
    }

    @Override
    public Optional<SetupRow> reset(String slug, String actor, Instant at) {
        return StoreCalls.guarded(() -> jdbi.inTransaction(h -> {
            Optional<SetupRow> reset = h.createQuery("""
                            UPDATE provider_setups SET
                                revision = revision + 1, config = NULL, secrets = NULL, configured_at = NULL,
                                updated_at = :at, updated_by = :actor
                            WHERE slug = :slug AND config IS NOT NULL
                            RETURNING""" + " " + COLUMNS)
                    .bind("slug", slug)
                    .bind("at", at.toString())
                    .bind("actor", actor)
                    .map(ROW)
                    .findOne();
            return reset.isPresent() ? reset : find(h, slug);
        }));
    }

    private static Optional<SetupRow> find(Handle h, String slug) {
        return h.createQuery("SELECT " + COLUMNS + " FROM provider_setups WHERE slug = :slug")
                .bind("slug", slug)
                .map(ROW)
                .findOne();
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
