package dev.patchbay.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.ClaimedDelivery;
import dev.patchbay.store.WebhookDeliveryRow;
import dev.patchbay.store.WebhookStore;
import dev.patchbay.verify.Outbound;
import dev.patchbay.verify.RefusedDestinationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Delivers webhook events, one thread per instance: it fans new outbox events out to deliveries,
 * claims due deliveries under a lease, sends each (signed, 10 s limit, no redirects, bounded answer),
 * and records how each attempt ended. The backlog lives in the database: the thread holds at most one
 * claimed batch, so a dead receiver costs neither memory nor API time. Start once, close once.
 */
public final class Dispatcher implements AutoCloseable {
    /** The contract's limit for one attempt. */
    public static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(10);
    /** Deliveries claimed at once; each claimed one is sent in parallel with the others. */
    private static final int BATCH = 32;
    private static final int FAN_OUT_BATCH = 500;
    private static final String USER_AGENT = "Patchbay-Webhooks/1";
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final WebhookStore store;
    private final SecretSealer sealer;
    private final Outbound outbound;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lease;
    private final Backoff backoff;
    private final ObjectMapper json;
    private final WebhookCounters counters;
    private final ExecutorService senders;
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    public Dispatcher(WebhookStore store, SecretSealer sealer, Outbound outbound, Clock clock, Duration pollInterval,
                      Duration lease, ObjectMapper json) {
        if (lease.compareTo(ATTEMPT_LIMIT.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the webhook lease must be at least twice the 10 s attempt limit");
        }
        this.store = store;
        this.sealer = sealer;
        this.outbound = outbound;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.backoff = new Backoff(RandomGenerator.getDefault());
        this.json = json;
        this.counters = new WebhookCounters(this::oldestPendingAge);
        this.senders = Executors.newFixedThreadPool(BATCH, runnable -> {
            Thread sender = new Thread(runnable, "patchbay-webhook-send");
            sender.setDaemon(true);
            return sender;
        });
        this.thread = new Thread(this::run, "patchbay-webhook-dispatcher");
        thread.setDaemon(true);
    }

    public Dispatcher start() {
        thread.start();
        return this;
    }

    public WebhookCounters counters() {
        return counters;
    }

    /** Looks for work now rather than at the next poll (after a retry was asked for, say). */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean busy;
            try {
                busy = round();
            } catch (RuntimeException e) {
                // The store is down, say: try again after a pause; outcomes not recorded are retried once the
                // lease ends (at least once). The class only; a message could quote SQL.
                log.warn("webhook delivery round failed with {}; retrying", e.getClass().getSimpleName());
                unrecorded = List.of();
                busy = false;
            }
            if (!busy) {
                synchronized (wake) {
                    try {
                        wake.wait(Math.max(1, pollInterval.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Outcomes of the last batch, recorded by the next cycle's transaction (one commit per cycle on SQLite). */
    private List<WebhookStore.Attempt> unrecorded = List.of();

    /**
     * One cycle: records the last batch's outcomes, fans new events out and claims a batch, in one
     * transaction, then sends the batch. True when there may be more work right away.
     */
    boolean round() {
        long now = clock.millis();
        WebhookStore.Cycle cycle = store.cycle(unrecorded, now, now + Backoff.GIVE_UP_AFTER.toMillis(),
                now + lease.toMillis(), FAN_OUT_BATCH, BATCH);
        unrecorded = List.of();
        counters.eventsFannedOut(cycle.fannedOut());
        List<ClaimedDelivery> claimed = cycle.claimed();
        if (claimed.isEmpty()) {
            return cycle.fannedOut() == FAN_OUT_BATCH;
        }
        List<CompletableFuture<WebhookStore.Attempt>> sending = new ArrayList<>(claimed.size());
        for (ClaimedDelivery delivery : claimed) {
            sending.add(CompletableFuture.supplyAsync(() -> attempt(delivery), senders));
        }
        unrecorded = sending.stream().map(CompletableFuture::join).toList();
        return true;
    }

    private WebhookStore.Attempt attempt(ClaimedDelivery delivery) {
        Integer status = null;
        String error = null;
        try {
            status = send(delivery);
        } catch (TimeoutException e) {
            error = "timeout";
        } catch (RefusedDestinationException e) {
            error = "refused_destination";
        } catch (IOException | RuntimeException e) {
            error = "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long now = clock.millis();
        if (status != null && status >= 200 && status < 300) {
            counters.attempt(WebhookCounters.Outcome.DELIVERED);
            return new WebhookStore.Attempt(delivery.id(), delivery.claim(), WebhookDeliveryRow.DELIVERED, status,
                    null, now, now);
        }
        long next = now + backoff.delayMillis(delivery.attempts() + 1);
        if (next > delivery.giveUpAt()) {
            counters.attempt(WebhookCounters.Outcome.FAILED);
            return new WebhookStore.Attempt(delivery.id(), delivery.claim(), WebhookDeliveryRow.FAILED, status, error,
                    now, null);
        }
        counters.attempt(WebhookCounters.Outcome.RETRY);
        return new WebhookStore.Attempt(delivery.id(), delivery.claim(), WebhookDeliveryRow.PENDING, status, error,
                next, null);
    }

    /** Sends the delivery once; the receiver's status. */
    private int send(ClaimedDelivery delivery) throws IOException, TimeoutException, InterruptedException {
        byte[] body = body(delivery);
        long t = clock.instant().getEpochSecond();
        List<String> secrets = new ArrayList<>(2);
        String subject = WebhookEndpoints.subject(delivery.endpoint().id());
        secrets.add(sealer.open(delivery.endpoint().secret(), subject, "secret").revealPlaintext());
        Long until = delivery.endpoint().previousSecretUntil();
        if (delivery.endpoint().previousSecret() != null && until != null && until > clock.millis()) {
            secrets.add(sealer.open(delivery.endpoint().previousSecret(), subject, "previous_secret").revealPlaintext());
        }
        HttpRequest request = outbound.request(URI.create(delivery.endpoint().url()))
                .setHeader("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .header("Patchbay-Event-Id", delivery.eventId())
                .header("Patchbay-Event-Type", delivery.eventType())
                .header("Patchbay-Signature", Signatures.header(t, body, secrets))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return outbound.send(request).status();
    }

    /** {@code {"id", "type", "occurred_at", "data"}}, the same bytes at every attempt. */
    private byte[] body(ClaimedDelivery delivery) {
        try {
            ObjectNode body = json.createObjectNode();
            body.put("id", delivery.eventId());
            body.put("type", delivery.eventType());
            body.put("occurred_at", delivery.occurredAt());
            body.set("data", json.readTree(delivery.data()));
            return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored webhook event is not JSON");
        }
    }

    private long oldestPendingAge() {
        OptionalLong oldest = store.oldestPending();
        return oldest.isPresent() ? Math.max(0, clock.millis() - oldest.getAsLong()) : 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(ATTEMPT_LIMIT.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
        if (!unrecorded.isEmpty()) {
            try {
                long now = clock.millis();
                store.cycle(unrecorded, now, now, now, 0, 0);
            } catch (RuntimeException e) {
                // Not recorded: those deliveries are sent again once their lease ends, which at least once allows.
                log.debug("could not record the last webhook attempts at shutdown: {}", e.getClass().getSimpleName());
            }
        }
    }
}
