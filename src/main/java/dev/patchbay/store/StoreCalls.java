package dev.patchbay.store;

import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.function.Supplier;

/** Runs a store call and turns "the database is not there" failures into {@link StoreUnavailableException}. */
final class StoreCalls {
    private StoreCalls() {
    }

    static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (JdbiException e) {
            if (isUnavailable(e)) {
                throw new StoreUnavailableException(e);
            }
            throw e;
        }
    }

    /**
     * What a failed plain JDBC call throws: {@link StoreUnavailableException} when the database is not
     * there, as {@link #guarded} does, and an unchecked wrapper of {@code failure} otherwise.
     */
    static RuntimeException failure(SQLException failure) {
        return isUnavailable(failure) ? new StoreUnavailableException(failure)
                : new IllegalStateException("a store statement failed", failure);
    }

    private static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                // SQLITE_BUSY / SQLITE_LOCKED: another writer held the file past busy_timeout.
                if (sql.getErrorCode() == 5 || sql.getErrorCode() == 6) {
                    return true;
                }
            }
        }
        return false;
    }
}
