package dev.patchbay.connections;

import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.connections.RefreshOutcomes.Outcome;
import dev.patchbay.store.ConnectionRow;
import dev.patchbay.store.ConnectionStore;
import dev.patchbay.store.ConnectionStore.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refreshes access tokens, one refresh per connection at a time:
 * <ul>
 * <li>across threads: the first caller refreshes, callers that arrive meanwhile wait for it and get
 * its result ({@link #inFlight});</li>
 * <li>across instances: the refresh runs under the store's row lock (PostgreSQL: {@code SELECT … FOR
 * UPDATE} from the read to the commit). After taking it, the row is read again: if another instance
 * refreshed meanwhile, its token is used and the provider is not called.</li>
 * </ul>
 * The new tokens are committed straight after the provider's answer, a rotated refresh token in the
 * same statement as the new access token; an answer without a refresh token keeps the old one.
 * Thread-safe.
 */
final class Refresher {
    private static final Logger log = LoggerFactory.getLogger(Refresher.class);
    /** What a client is told to wait before asking again after a temporary failure. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private final ConnectionService connections;
    private final ConnectionStore store;
    private final TokenEndpoint tokens;
    private final Clock clock;
    private final RefreshOutcomes outcomes;
    private final Map<UUID, CompletableFuture<ConnectionRow>> inFlight = new ConcurrentHashMap<>();

    Refresher(ConnectionService connections, ConnectionStore store, TokenEndpoint tokens, Clock clock,
              RefreshOutcomes outcomes) {
        this.connections = connections;
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    /** Whether {@code row}'s access token is still valid {@code minTtl} from now (or never expires). */
    static boolean fresh(ConnectionRow row, Duration minTtl, Instant now) {
        return fresh(row.expiresAt(), minTtl, now);
    }

    /** Whether a token expiring at {@code expiresAt} (null: never) outlives {@code minTtl} from {@code now}. */
    static boolean fresh(Instant expiresAt, Duration minTtl, Instant now) {
        return expiresAt == null || expiresAt.isAfter(now.plus(minTtl));
    }

    /**
     * The row with a token to hand out, refreshed unless another caller's refresh already gave one;
     * {@code seen} is the row the caller read before deciding to refresh.
     */
    ConnectionRow refresh(ConnectionRow seen, ProviderDescriptor provider, Duration minTtl, boolean force, Actor actor) {
        CompletableFuture<ConnectionRow> mine = new CompletableFuture<>();
        CompletableFuture<ConnectionRow> running = inFlight.putIfAbsent(seen.id(), mine);
        if (running != null) {
            outcomes.record(Outcome.SHARED);
            return await(running);
        }
        try {
            ConnectionRow row = refreshUnderLock(seen, provider, minTtl, force, actor);
            mine.complete(row);
            return row;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(seen.id(), mine);
        }
    }

    private static ConnectionRow await(CompletableFuture<ConnectionRow> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** What the refresh under the lock decided, and which exception, if any, the caller must hear. */
    private record Result(ConnectionRow row, RuntimeException failure, Outcome outcome) {
    }

    private ConnectionRow refreshUnderLock(ConnectionRow seen, ProviderDescriptor provider, Duration minTtl,
                                           boolean force, Actor actor) {
        Decision<Result> decision = store.underRowLock(seen.id(), current -> decide(current, seen, provider, minTtl,
                force, actor));
        Result result = decision.result();
        if (decision.write() != null && !decision.written()) {
            // SQLite only (no row lock): the connection changed between the read and the write, by a
            // delete or a re-authorization. What is stored now is the answer.
            ConnectionRow now = store.find(seen.id()).orElseThrow(ConnectionNotFoundException::new);
            ConnectionService.usable(now);
            return now;
        }
        outcomes.record(result.outcome());
        if (decision.written() && !decision.write().status().equals(seen.status())) {
            connections.moved(seen.providerSlug(), seen.status(), decision.write().status());
        }
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.row();
    }

    private Decision<Result> decide(Optional<ConnectionRow> current, ConnectionRow seen, ProviderDescriptor provider,
                                    Duration minTtl, boolean force, Actor actor) {
        ConnectionRow row = current.orElseThrow(ConnectionNotFoundException::new);
        ConnectionService.usable(row);
        Instant now = clock.instant();
        if (row.expiresAt() == null) {
            // A token without expiry is never refreshed.
            return Decision.keep(new Result(row, null, Outcome.SHARED));
        }
        boolean changedMeanwhile = row.revision() != seen.revision();
        if ((changedMeanwhile && row.expiresAt() != null && row.expiresAt().isAfter(now))
                || (!force && fresh(row, minTtl, now))) {
            // Another instance (or a re-authorization) gave a new token while this one waited for the lock.
            return Decision.keep(new Result(row, null, Outcome.SHARED));
        }
        if (row.refreshToken() == null) {
            if (row.expiresAt().isAfter(now)) {
                return Decision.keep(new Result(row, null, Outcome.REJECTED));
            }
            // Expired, and nothing to refresh it with: only the user can make it work again.
            return needsReauth(row, now, "no_refresh_token", actor);
        }
        TokenSet fresh;
        try {
            fresh = tokens.refresh(provider, connections.setup(row.providerSlug()),
                    connections.open(row.refreshToken(), row.id(), ConnectionService.REFRESH_TOKEN));
        } catch (TokenCallException e) {
            return failed(row, seen, e, now, actor);
        }
        // Nothing but building the row (sealing, in memory) between the provider's answer and the commit.
        ConnectionRow next = refreshed(row, fresh, clock.instant());
        return Decision.write(next, null, new Result(next, null, Outcome.REFRESHED));
    }

    private Decision<Result> failed(ConnectionRow row, ConnectionRow seen, TokenCallException e, Instant now,
                                    Actor actor) {
        log.info("refresh connection={} provider={} failed: {} {}", row.id(), row.providerSlug(),
                e.kind().name().toLowerCase(java.util.Locale.ROOT), e.code());
        if (e.kind() == TokenCallException.Kind.INVALID_GRANT) {
            if (!store.locksRows()) {
                // Without a row lock, another writer may have rotated the refresh token since it was read:
                // that is a lost race, not a revocation.
                ConnectionRow again = store.find(row.id()).orElseThrow(ConnectionNotFoundException::new);
                if (again.revision() != row.revision()) {
                    ConnectionService.usable(again);
                    return Decision.keep(new Result(again, null, Outcome.SHARED));
                }
            }
            return needsReauth(row, now, e.code(), actor);
        }
        ConnectionRow noted = withError(row, e.code(), now, row.status());
        Outcome outcome = e.kind() == TokenCallException.Kind.TEMPORARY ? Outcome.TEMPORARY_FAILURE : Outcome.REJECTED;
        if (row.expiresAt().isAfter(now)) {
            return Decision.write(noted, null, new Result(noted, null, outcome));
        }
        return Decision.write(noted, null, new Result(null, new RefreshUnavailableException(RETRY_AFTER_SECONDS), outcome));
    }

    private Decision<Result> needsReauth(ConnectionRow row, Instant now, String code, Actor actor) {
        ConnectionRow next = withError(row, code, now, ConnectionRow.NEEDS_REAUTH);
        return Decision.write(next, ConnectionService.audit(ConnectionService.ACTION_REFRESH_FAILED, actor, now,
                List.of("status")), new Result(null, new ConnectionUnusableException(ConnectionRow.NEEDS_REAUTH),
                Outcome.INVALID_GRANT));
    }

    private static ConnectionRow withError(ConnectionRow row, String code, Instant now, String status) {
        String cut = code.length() > 64 ? code.substring(0, 64) : code;
        return new ConnectionRow(row.id(), row.providerSlug(), row.owner(), status, row.authType(), row.tags(),
                row.scopes(), row.tokenType(), row.expiresAt(), row.lastRefreshedAt(), cut, now, row.createdAt(), now,
                row.revision() + 1, row.createdBy(), row.connectionValues(), row.accessToken(), row.refreshToken(),
                row.credential());
    }

    private ConnectionRow refreshed(ConnectionRow row, TokenSet fresh, Instant now) {
        Map<String, String> values = new LinkedHashMap<>(row.connectionValues());
        values.putAll(fresh.connectionValues());
        return new ConnectionRow(row.id(), row.providerSlug(), row.owner(), ConnectionRow.ACTIVE, row.authType(),
                row.tags(), fresh.scopes().isEmpty() ? row.scopes() : fresh.scopes(), fresh.tokenType(),
                fresh.expiresAt(), now, null, null, row.createdAt(), now, row.revision() + 1, row.createdBy(), values,
                connections.seal(fresh.accessToken(), row.id(), ConnectionService.ACCESS_TOKEN),
                // RFC 6749 §6: no new refresh token in the answer means the old one stays valid.
                fresh.refreshToken() == null ? row.refreshToken()
                        : connections.seal(fresh.refreshToken(), row.id(), ConnectionService.REFRESH_TOKEN),
                row.credential());
    }
}
