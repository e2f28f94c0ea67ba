package dev.patchbay.store;

/** The SQL differences between the two supported databases, kept to the few places that need them. */
enum Dialect {
    SQLITE("sqlite", "", "", "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'"
            + " || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)"
            + " || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"),
    POSTGRESQL("postgresql", " FOR UPDATE", " FOR SHARE", "gen_random_uuid()::text");

    /** Folder of this dialect's own migrations, beside the shared ones. */
    final String migrations;
    /**
     * Appended to the revision read of a conditional write. SQLite needs none: its transactions
     * start IMMEDIATE, so writers are already serialized.
     */
    final String lockRow;
    /** Appended to a read whose row must not change until the transaction ends (a setup a connection needs). */
    final String shareRow;

    /** An SQL expression for a new random (version 4) UUID as text, one per row. */
    final String newUuid;

    Dialect(String migrations, String lockRow, String shareRow, String newUuid) {
        this.newUuid = newUuid;
        this.migrations = migrations;
        this.lockRow = lockRow;
        this.shareRow = shareRow;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL: use jdbc:sqlite: or jdbc:postgresql:");
    }
}
