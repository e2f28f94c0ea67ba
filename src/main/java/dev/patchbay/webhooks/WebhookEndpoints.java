package dev.patchbay.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.FieldError;
import dev.patchbay.crypto.Secret;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.WebhookDeliveryRow;
import dev.patchbay.store.WebhookEndpointRow;
import dev.patchbay.store.WebhookStore;
import dev.patchbay.verify.Outbound;
import dev.patchbay.verify.RefusedDestinationException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The webhook endpoint use cases: create (with a secret shown once), list, get, delete, rotate the
 * secret, and the deliveries log with manual retry. Thread-safe. Throws
 * {@link InvalidEndpointException} for a request that is not valid (nothing stored),
 * {@link WebhookNotFoundException} for an unknown endpoint or delivery.
 */
public final class WebhookEndpoints {
    /** How long a rotated secret still signs beside the new one. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    static final String SECRET_PREFIX = "whsec_";
    private static final int MAX_URL = 2048;
    private static final int MAX_DESCRIPTION = 500;
    private static final Set<String> FIELDS = Set.of("url", "events", "description");

    /** A page of deliveries, newest event first; {@code nextBefore} continues it, null on the last page. */
    public record DeliveryPage(List<WebhookDeliveryRow> deliveries, Long nextBefore) {
    }

    private final WebhookStore store;
    private final SecretSealer sealer;
    private final Outbound outbound;
    private final boolean allowPrivate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public WebhookEndpoints(WebhookStore store, SecretSealer sealer, Outbound outbound, boolean allowPrivate,
                            Clock clock) {
        this.store = store;
        this.sealer = sealer;
        this.outbound = outbound;
        this.allowPrivate = allowPrivate;
        this.clock = clock;
    }

    public EndpointWithSecret create(JsonNode body, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidEndpointException(List.of(new FieldError("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + escape(name), "is not a known field (url, events, description)"));
            }
        }
        String url = url(body.get("url"), errors);
        List<String> events = events(body.get("events"), errors);
        String description = description(body.get("description"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidEndpointException(errors);
        }
        String id = UUID.randomUUID().toString();
        Secret secret = newSecret();
        Instant now = clock.instant();
        WebhookEndpointRow row = new WebhookEndpointRow(id, url, events, description, seal(secret, id), null, null,
                now.toEpochMilli(), actor);
        store.createEndpoint(row);
        return new EndpointWithSecret(view(row), secret);
    }

    public List<WebhookEndpoint> list() {
        return store.endpoints().stream().map(WebhookEndpoints::view).toList();
    }

    public WebhookEndpoint get(String id) {
        return view(row(id));
    }

    /** Deletes the endpoint and cancels its pending deliveries; returns it as it was. */
    public WebhookEndpoint delete(String id) {
        WebhookEndpoint endpoint = get(id);
        if (!store.deleteEndpoint(id, clock.millis())) {
            throw new WebhookNotFoundException("no such webhook endpoint");
        }
        return endpoint;
    }

    /** A new secret; the current one keeps signing, beside it, for {@link #ROTATION_OVERLAP}. */
    public EndpointWithSecret rotateSecret(String id) {
        WebhookEndpointRow row = row(id);
        Secret current = sealer.open(row.secret(), subject(id), "secret");
        Secret fresh = newSecret();
        long until = clock.instant().plus(ROTATION_OVERLAP).toEpochMilli();
        if (!store.rotateSecret(id, seal(fresh, id), seal(current, id, "previous_secret"), until)) {
            throw new WebhookNotFoundException("no such webhook endpoint");
        }
        return new EndpointWithSecret(view(row(id)), fresh);
    }

    public DeliveryPage deliveries(String endpointId, Long before, int limit) {
        row(endpointId);
        List<WebhookDeliveryRow> rows = store.deliveries(endpointId, before, limit + 1);
        if (rows.size() <= limit) {
            return new DeliveryPage(rows, null);
        }
        List<WebhookDeliveryRow> page = rows.subList(0, limit);
        return new DeliveryPage(List.copyOf(page), page.get(limit - 1).eventSeq());
    }

    /** Makes the delivery due now, failed or not, with a new 3-day window. */
    public WebhookDeliveryRow retry(String endpointId, String deliveryId) {
        row(endpointId);
        long now = clock.millis();
        return store.retry(endpointId, deliveryId, now, now + Backoff.GIVE_UP_AFTER.toMillis())
                .orElseThrow(() -> new WebhookNotFoundException("no such delivery"));
    }

    /**
     * Re-seals every endpoint's secrets with {@code sealer}, which opens them under any key of the keyset
     * and seals under its new primary (master-key rotation); returns how many secrets.
     */
    public static int resealAll(WebhookStore store, SecretSealer sealer) {
        SecretSealer oldSealer = sealer;
        SecretSealer newSealer = sealer;
        List<WebhookEndpointRow> rows = new ArrayList<>();
        int secrets = 0;
        for (WebhookEndpointRow row : store.sealed()) {
            byte[] secret = newSealer.seal(oldSealer.open(row.secret(), subject(row.id()), "secret"),
                    subject(row.id()), "secret");
            secrets++;
            byte[] previous = null;
            if (row.previousSecret() != null) {
                previous = newSealer.seal(oldSealer.open(row.previousSecret(), subject(row.id()), "previous_secret"),
                        subject(row.id()), "previous_secret");
                secrets++;
            }
            rows.add(new WebhookEndpointRow(row.id(), row.url(), row.events(), row.description(), secret, previous,
                    row.previousSecretUntil(), row.createdAt(), row.createdBy()));
        }
        store.replaceSealed(rows);
        return secrets;
    }

    /** What secrets of endpoint {@code id} are bound to, so that a ciphertext opens only in its own row. */
    static String subject(String id) {
        return "webhook-endpoint:" + id;
    }

    private byte[] seal(Secret secret, String id) {
        return seal(secret, id, "secret");
    }

    private byte[] seal(Secret secret, String id, String field) {
        return sealer.seal(secret, subject(id), field);
    }

    private Secret newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Secret.of(SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private WebhookEndpointRow row(String id) {
        return store.endpoint(id).orElseThrow(() -> new WebhookNotFoundException("no such webhook endpoint"));
    }

    static WebhookEndpoint view(WebhookEndpointRow row) {
        Instant until = row.previousSecretUntil() == null ? null : Instant.ofEpochMilli(row.previousSecretUntil());
        return new WebhookEndpoint(row.id(), row.url(), row.events(), row.description(),
                Instant.ofEpochMilli(row.createdAt()), row.createdBy(), until);
    }

    private String url(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isTextual()) {
            errors.add(new FieldError("/url", "is required and must be a string"));
            return null;
        }
        String text = node.asText();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("/url", "is not a valid URL"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (text.length() > MAX_URL || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            errors.add(new FieldError("/url", "must be an absolute https URL with a host, without user info or"
                    + " fragment, of at most " + MAX_URL + " characters"));
            return null;
        }
        if (scheme.equals("http") && !allowPrivate) {
            errors.add(new FieldError("/url", "must use https (http is allowed only with PATCHBAY_VERIFY_ALLOW_PRIVATE)"));
            return null;
        }
        try {
            outbound.checkDestination(uri);
        } catch (RefusedDestinationException e) {
            errors.add(new FieldError("/url", "resolves to a loopback, private or link-local address, which webhooks"
                    + " may call only with PATCHBAY_VERIFY_ALLOW_PRIVATE"));
            return null;
        } catch (IOException | TimeoutException e) {
            errors.add(new FieldError("/url", "has a host name that does not resolve"));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(new FieldError("/url", "could not be checked"));
            return null;
        }
        return text;
    }

    private static List<String> events(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("/events", "is required: a non-empty array of event types"));
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode event = node.get(i);
            if (!event.isTextual() || !EventTypes.ALL.contains(event.asText())) {
                errors.add(new FieldError("/events/" + i, "is not an event type; known: " + String.join(", ", EventTypes.ALL)));
            } else if (!events.add(event.asText())) {
                errors.add(new FieldError("/events/" + i, "repeats an event type"));
            }
        }
        return List.copyOf(events);
    }

    private static String description(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("/description", "must be a string of at most " + MAX_DESCRIPTION + " characters"));
            return null;
        }
        return node.asText();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
