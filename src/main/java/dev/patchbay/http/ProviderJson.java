package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.connect.CallbackUrls;
import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.store.ConnectionStore.Counts;
import dev.patchbay.catalog.Scope;
import dev.patchbay.setup.ProviderPage;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupView;
import dev.patchbay.verify.VerificationResult;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders providers in the contract's shape. A provider's bytes are kept until its view or its
 * connection counts change (views are immutable, so identity tells), which makes reads a copy of
 * ready bytes. Thread-safe.
 */
final class ProviderJson {
    /**
     * A view's bytes, alone (for lists) and in the single-provider envelope, with the counts they show
     * and the entity tag of both (which hashes the counts, once they are shown).
     */
    record Rendered(ProviderView view, Counts counts, byte[] bytes, byte[] envelope, String etag) {
    }

    private final ObjectMapper json;
    private final ConnectionCounts counts;
    private final CallbackUrls callbackUrls;
    private final Map<String, Rendered> cache = new ConcurrentHashMap<>();

    ProviderJson(ObjectMapper json, ConnectionCounts counts, CallbackUrls callbackUrls) {
        this.json = json;
        this.counts = counts;
        this.callbackUrls = callbackUrls;
    }

    /**
     * The provider's entity tag: its revision, which {@code If-Match} compares, and, once it has
     * connections, their counts, which are part of the body too (a client polling with
     * {@code If-None-Match} must see them change).
     */
    String etag(ProviderView view) {
        return EntityTags.of(view, counts.of(view.slug()));
    }

    /** {@code {"data": provider}}. */
    byte[] single(ProviderView view) {
        return rendered(view).envelope();
    }

    /** {@code {"data": [provider…], "meta": {"total": N, "next_cursor": …}}}, sized exactly before it is copied. */
    byte[] page(ProviderPage page) {
        byte[] head = ascii("{\"data\":[");
        String cursor = page.nextAfterSlug() == null ? "null" : "\"" + Cursors.encode(page.nextAfterSlug()) + "\"";
        byte[] tail = ascii("],\"meta\":{\"total\":" + page.total() + ",\"next_cursor\":" + cursor + "}}");
        List<byte[]> providers = new ArrayList<>(page.providers().size());
        int size = head.length + tail.length + Math.max(0, page.providers().size() - 1);
        for (ProviderView view : page.providers()) {
            byte[] bytes = bytes(view);
            providers.add(bytes);
            size += bytes.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (byte[] provider : providers) {
            if (at > head.length) {
                out[at++] = ',';
            }
            System.arraycopy(provider, 0, out, at, provider.length);
            at += provider.length;
        }
        System.arraycopy(tail, 0, out, at, tail.length);
        return out;
    }

    /** The provider alone, as a webhook event's {@code data}; nothing is cached for a view not yet committed. */
    String eventData(ProviderView view) {
        // A provider that is not set up has no connections left: its reset disconnected them all.
        Counts connections = view.setupComplete() ? counts.of(view.slug()) : Counts.NONE;
        return new String(serialize(view, connections), StandardCharsets.UTF_8);
    }

    private byte[] bytes(ProviderView view) {
        return rendered(view).bytes();
    }

    /** The held bytes and entity tag of {@code view}, rendered first when they are not held. */
    Rendered rendered(ProviderView view) {
        Rendered rendered = cache.get(view.slug());
        Counts now = counts.of(view.slug());
        if (rendered == null || rendered.view() != view || !java.util.Objects.equals(rendered.counts(), now)) {
            byte[] data = serialize(view, now);
            ByteArrayOutputStream envelope = new ByteArrayOutputStream(data.length + 10);
            envelope.writeBytes(ascii("{\"data\":"));
            envelope.writeBytes(data);
            envelope.write('}');
            rendered = new Rendered(view, now, data, envelope.toByteArray(), EntityTags.of(view, now));
            cache.put(view.slug(), rendered);
        }
        return rendered;
    }

    private byte[] serialize(ProviderView view, Counts connections) {
        ProviderDescriptor d = view.descriptor();
        ObjectNode node = json.createObjectNode();
        node.put("id", d.id().toString());
        node.put("provider_slug", d.slug());
        node.put("display_name", d.displayName());
        node.put("description", d.description());
        node.put("category", d.category());
        node.put("auth_type", d.authType().wire());
        node.put("execution_strategy", d.executionStrategy());
        ArrayNode scopes = node.putArray("default_scopes");
        for (Scope scope : d.defaultScopes()) {
            scopes.addObject().put("name", scope.name()).put("description", scope.description());
        }
        node.set("config_schema", d.configSchema().json());
        node.put("docs_url", d.docsUrl());
        node.put("setup_complete", view.setupComplete());
        if (connections == null) {
            node.putNull("connections"); // not counted yet, just after start
        } else {
            node.putObject("connections").put("active", connections.active())
                    .put("needs_reauth", connections.needsReauth());
        }
        SetupView setup = view.setup();
        // What the administrator registers with the provider's OAuth app; null for other auth types.
        node.put("callback_url", callbackUrls.of(d, setup == null ? null : setup.config()));
        if (setup == null) {
            node.putNull("setup");
        } else {
            ObjectNode s = node.putObject("setup");
            s.set("config", setup.config());
            ArrayNode secrets = s.putArray("secret_fields");
            setup.secretFields().forEach(secrets::add);
            s.put("revision", setup.revision());
            s.put("configured_at", setup.configuredAt() == null ? null : setup.configuredAt().toString());
            s.put("updated_at", setup.updatedAt().toString());
            s.put("updated_by", setup.updatedBy());
            s.set("last_verification", setup.lastVerification() == null
                    ? NullNode.getInstance() : verification(json, setup.lastVerification()));
        }
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"data": {"ok", "reason", "detail", "checked_at"}}}. */
    byte[] verificationResponse(VerificationResult result) {
        ObjectNode body = json.createObjectNode();
        body.set("data", verification(json, result));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verification result in the contract's shape. */
    static ObjectNode verification(ObjectMapper json, VerificationResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("ok", result.ok());
        node.put("reason", result.reason() == null ? null : result.reason().wire());
        node.put("detail", result.detail());
        node.put("checked_at", result.checkedAt().toString());
        return node;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Opaque list cursors: the base64url of the last slug of a page. */
    static final class Cursors {
        private Cursors() {
        }

        static String encode(String slug) {
            return OpaqueCursor.wrap(slug);
        }

        /** The slug in {@code cursor}, or null when it is not a cursor this server made. */
        static String decode(String cursor) {
            String slug = OpaqueCursor.unwrap(cursor);
            return slug != null && ProviderDescriptor.SLUG.matcher(slug).matches() ? slug : null;
        }
    }
}
