package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.connections.Actor;
import dev.patchbay.connections.ConnectionNotFoundException;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.store.ConnectionQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code /v1/connections}: import, list, read, credentials and delete. Every call waits on the store. */
final class ConnectionsRoutes {
    static final String ROOT = "/v1/connections";
    private static final String JSON = "application/json";
    private static final Set<String> BODY_TYPES = Set.of("application/json");
    private static final Set<String> LIST_PARAMS = Set.of("provider_slug", "owner", "status", "tag", "limit", "cursor");
    private static final Set<String> STATUSES = Set.of("active", "needs_reauth", "disconnected");
    private static final Set<String> CREDENTIAL_PARAMS = Set.of("min_ttl", "force_refresh");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7e]{1,255}$");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;
    private static final int MAX_MIN_TTL = 3600;
    static final int DEFAULT_MIN_TTL = 300;

    private final ConnectionService connections;
    private final ConnectionJson render;
    private final BodyReader bodies;

    ConnectionsRoutes(ConnectionService connections, ConnectionJson render, BodyReader bodies) {
        this.connections = connections;
        this.render = render;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes, BlockingWork blocking) {
        routes.post(ROOT, blocking.offload(this::create));
        Reads.register(routes, ROOT, blocking.offload(this::list));
        Reads.register(routes, ROOT + "/{id}", blocking.offload(this::get));
        Reads.register(routes, ROOT + "/{id}/credentials", blocking.offload(this::credentials));
        routes.delete(ROOT + "/{id}", blocking.offload(this::delete));
    }

    private void create(Context ctx) {
        WriteParams.none(ctx);
        String key = ctx.header("Idempotency-Key");
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "An Idempotency-Key header (1-255 visible ASCII characters)"
                    + " is required: a retry with the same key and body answers as the first call did.");
        }
        JsonNode body = bodies.parse(ctx, bodies.take(ctx, BODY_TYPES));
        ConnectionService.ImportOutcome outcome = connections.importConnection(body, key, actor(ctx), render::single);
        if (outcome.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        send(ctx.status(outcome.status()), outcome.body());
    }

    private void list(Context ctx) {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!LIST_PARAMS.contains(param.getKey())) {
                throw bad("unknown query parameter; known: provider_slug, owner, status, tag, limit, cursor");
            }
            if (!param.getKey().equals("tag") && param.getValue().size() != 1) {
                throw bad(param.getKey() + " may be given once");
            }
        }
        String slug = ctx.queryParam("provider_slug");
        if (slug != null && !ProviderDescriptor.SLUG.matcher(slug).matches()) {
            throw bad("provider_slug is not a valid slug");
        }
        String owner = ctx.queryParam("owner");
        if (owner != null && (owner.isEmpty() || owner.length() > 256)) {
            throw bad("owner must be 1-256 characters");
        }
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw bad("status must be active, needs_reauth or disconnected");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        boolean contradictory = false;
        List<String> tagParams = params.getOrDefault("tag", List.of());
        if (tagParams.size() > 10) {
            throw bad("at most 10 tag filters");
        }
        for (String tag : tagParams) {
            int colon = tag.indexOf(':');
            if (colon < 1 || colon > 64 || colon == tag.length() - 1 || tag.length() - colon - 1 > 256) {
                throw bad("tag must be key:value (key 1-64 characters, value 1-256)");
            }
            String previous = tags.put(tag.substring(0, colon), tag.substring(colon + 1));
            contradictory |= previous != null && !previous.equals(tag.substring(colon + 1));
        }
        int limit = PageLimit.parse(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        UUID after = null;
        String cursor = ctx.queryParam("cursor");
        if (cursor != null) {
            after = ConnectionJson.Cursors.decode(cursor);
            if (after == null) {
                throw bad("cursor is not a next_cursor value returned by this API");
            }
        }
        if (contradictory) {
            // Two values for one tag key: no connection can match both.
            send(ctx, render.page(new ConnectionService.Page(List.of(), null)));
            return;
        }
        send(ctx, render.page(connections.list(new ConnectionQuery(slug, owner, status, tags, after, limit))));
    }

    private void get(Context ctx) {
        WriteParams.none(ctx);
        send(ctx, render.single(connections.get(id(ctx))));
    }

    private void credentials(Context ctx) {
        UUID id = id(ctx);
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            if (!CREDENTIAL_PARAMS.contains(param.getKey()) || param.getValue().size() != 1) {
                throw bad("known query parameters, each at most once: min_ttl, force_refresh");
            }
        }
        int minTtl = DEFAULT_MIN_TTL;
        String ttl = ctx.queryParam("min_ttl");
        if (ttl != null) {
            if (!ttl.matches("\\d{1,4}") || Integer.parseInt(ttl) > MAX_MIN_TTL) {
                throw bad("min_ttl must be a whole number of seconds from 0 to " + MAX_MIN_TTL);
            }
            minTtl = Integer.parseInt(ttl);
        }
        String force = ctx.queryParam("force_refresh");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw bad("force_refresh must be true or false");
        }
        String body = render.credentials(connections.credentials(id, Duration.ofSeconds(minTtl), "true".equals(force),
                actor(ctx)));
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        send(ctx, body);
    }

    private void delete(Context ctx) {
        WriteParams.none(ctx);
        send(ctx, render.single(connections.delete(id(ctx), actor(ctx))));
    }

    private static UUID id(Context ctx) {
        UUID id = Uuids.parse(ctx.pathParam("id"));
        if (id == null) {
            throw new ConnectionNotFoundException();
        }
        return id;
    }

    private static Actor actor(Context ctx) {
        return new Actor(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx));
    }

    private static void send(Context ctx, String body) {
        ReadyBytes.send(ctx, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpProblem bad(String detail) {
        return new HttpProblem(ProblemType.BAD_REQUEST, detail);
    }
}
