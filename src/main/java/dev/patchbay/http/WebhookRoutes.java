package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.webhooks.Dispatcher;
import dev.patchbay.webhooks.WebhookEndpoints;
import dev.patchbay.webhooks.WebhookNotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/admin/webhook-endpoints}: endpoints, their secrets' rotation, and the deliveries log. Admin keys only. */
final class WebhookRoutes {
    static final String ROOT = "/v1/admin/webhook-endpoints";
    private static final String JSON = "application/json";
    private static final Set<String> BODY_TYPES = Set.of("application/json");
    private static final Set<String> DELIVERY_PARAMS = Set.of("limit", "cursor");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final WebhookEndpoints endpoints;
    private final Dispatcher dispatcher;
    private final WebhookJson render;
    private final BodyReader bodies;

    WebhookRoutes(WebhookEndpoints endpoints, Dispatcher dispatcher, WebhookJson render, BodyReader bodies) {
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.render = render;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes, BlockingWork blocking) {
        routes.post(ROOT, blocking.offload(this::create));
        Reads.register(routes, ROOT, blocking.offload(this::list));
        Reads.register(routes, ROOT + "/{id}", blocking.offload(this::get));
        routes.delete(ROOT + "/{id}", blocking.offload(this::delete));
        routes.post(ROOT + "/{id}/rotate-secret", blocking.offload(this::rotate));
        Reads.register(routes, ROOT + "/{id}/deliveries", blocking.offload(this::deliveries));
        routes.post(ROOT + "/{id}/deliveries/{delivery_id}/retry", blocking.offload(this::retry));
    }

    private void create(Context ctx) {
        WriteParams.none(ctx);
        JsonNode body = bodies.parse(ctx, bodies.take(ctx, BODY_TYPES));
        String created = render.withSecret(endpoints.create(body, ApiKeyFilter.principal(ctx).name()));
        ctx.header("Cache-Control", "no-store");
        send(ctx.status(201), created);
    }

    private void list(Context ctx) {
        WriteParams.none(ctx);
        send(ctx, render.endpoints(endpoints.list()));
    }

    private void get(Context ctx) {
        WriteParams.none(ctx);
        send(ctx, render.endpoint(endpoints.get(id(ctx, "id"))));
    }

    private void delete(Context ctx) {
        WriteParams.none(ctx);
        send(ctx, render.endpoint(endpoints.delete(id(ctx, "id"))));
    }

    private void rotate(Context ctx) {
        WriteParams.none(ctx);
        String rotated = render.withSecret(endpoints.rotateSecret(id(ctx, "id")));
        ctx.header("Cache-Control", "no-store");
        send(ctx, rotated);
    }

    private void deliveries(Context ctx) {
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            if (!DELIVERY_PARAMS.contains(param.getKey()) || param.getValue().size() != 1) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "known query parameters, each at most once: limit, cursor");
            }
        }
        int limit = PageLimit.parse(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        Long before = null;
        String cursor = ctx.queryParam("cursor");
        if (cursor != null) {
            before = WebhookJson.Cursors.decode(cursor);
            if (before == null) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "cursor is not a next_cursor value returned by this API");
            }
        }
        send(ctx, render.deliveries(endpoints.deliveries(id(ctx, "id"), before, limit)));
    }

    private void retry(Context ctx) {
        WriteParams.none(ctx);
        String retried = render.delivery(endpoints.retry(id(ctx, "id"), id(ctx, "delivery_id")));
        dispatcher.wake();
        send(ctx.status(202), retried);
    }

    /** The path's id in canonical form; anything else names nothing here. */
    private static String id(Context ctx, String name) {
        UUID id = Uuids.parse(ctx.pathParam(name));
        if (id == null) {
            throw new WebhookNotFoundException("no such " + name);
        }
        return id.toString();
    }

    private static void send(Context ctx, String body) {
        ReadyBytes.send(ctx, JSON, body.getBytes(StandardCharsets.UTF_8));
    }
}
