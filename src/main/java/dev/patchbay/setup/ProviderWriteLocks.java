package dev.patchbay.setup;

import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.ProviderDescriptor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One fair lock per provider of the catalog, so that this instance's writes of a provider queue
 * instead of racing. Without it, eight clients writing three providers lost the optimistic revision
 * check ten times in a row often enough to get a 409 without having sent {@code If-Match}
 * ({@code ConcurrentWritesTest}). Writes through other instances still race; the revision check
 * settles those. Thread-safe.
 */
final class ProviderWriteLocks {
    /** Longer than a store call can take (3 s to connect, 5 s per statement), so only a pile-up hits it. */
    private static final long WAIT_SECONDS = 15;

    private final Map<String, ReentrantLock> bySlug;

    ProviderWriteLocks(Catalog catalog) {
        // Fixed at start from the catalog, so a client's slug can never add an entry.
        this.bySlug = catalog.all().stream()
                .collect(Collectors.toUnmodifiableMap(ProviderDescriptor::slug, p -> new ReentrantLock(true)));
    }

    /**
     * Runs {@code write} holding {@code slug}'s lock if the lock is free and no write waits for it (the
     * order stays fair); empty, without running it, otherwise.
     */
    <T> Optional<T> serializeIfFree(String slug, Supplier<T> write) {
        ReentrantLock lock = bySlug.get(slug);
        if (lock == null) {
            return Optional.of(write.get());
        }
        try {
            // The timed form keeps to the fair order, which the untimed tryLock() would jump.
            if (!lock.tryLock(0, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(write.get());
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code write} holding {@code slug}'s lock; an unknown slug runs it unlocked (it refuses the slug itself). */
    <T> T serialize(String slug, Supplier<T> write) {
        ReentrantLock lock = bySlug.get(slug);
        if (lock == null) {
            return write.get();
        }
        try {
            if (!lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ConcurrentChangeException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentChangeException();
        }
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }
}
