package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.connect.ConnectFlow;
import dev.patchbay.connect.FlowEnd;
import dev.patchbay.connect.FlowOutcome;
import dev.patchbay.connect.FlowRefusedException;
import dev.patchbay.connect.StartedSession;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/**
 * {@code /v1/connect-sessions} and the browser's side of a connect flow under
 * {@code /v1/connectors/oauth/}: authorize, whose token is its only credential, and the callback,
 * whose state is. Those two answer browsers, with pages or redirects, never problem+json.
 */
final class ConnectRoutes {
    static final String SESSIONS = "/v1/connect-sessions";
    /** Everything under it is opened by a browser and needs no API key; its query strings are credentials. */
    static final String BROWSER_ROOT = "/v1/connectors/oauth/";
    static final String AUTHORIZE = BROWSER_ROOT + "{provider_slug}/authorize";
    static final String CALLBACK = BROWSER_ROOT + "callback";
    private static final Set<String> JSON_TYPES = Set.of("application/json");

    private final ConnectFlow flow;
    private final BodyReader bodies;
    private final BlockingWork blocking;
    private final HttpMetrics metrics;
    private final ObjectMapper json;

    ConnectRoutes(ConnectFlow flow, BodyReader bodies, BlockingWork blocking, HttpMetrics metrics, ObjectMapper json) {
        this.flow = flow;
        this.bodies = bodies;
        this.blocking = blocking;
        this.metrics = metrics;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post(SESSIONS, blocking.offload(this::start));
        routes.get(AUTHORIZE, blocking.offload(this::authorize));
        routes.get(CALLBACK, blocking.offload(this::callback));
    }

    private void start(Context ctx) throws Exception {
        WriteParams.none(ctx);
        BodyReader.Arrival body = bodies.take(ctx, JSON_TYPES);
        StartedSession session = flow.start(bodies.parse(ctx, body), ApiKeyFilter.principal(ctx).name(),
                RequestIds.of(ctx));
        ObjectNode answer = json.createObjectNode();
        answer.putObject("data")
                .put("token", session.token())
                .put("authorize_url", session.authorizeUrl())
                .put("expires_at", session.expiresAt().toString());
        ReadyBytes.send(ctx.status(201), "application/json", json.writeValueAsBytes(answer));
    }

    private void authorize(Context ctx) {
        List<String> tokens = ctx.queryParams("token");
        try {
            String location = flow.authorize(ctx.pathParam("provider_slug"), tokens.size() == 1 ? tokens.get(0) : null);
            metrics.connectFlow(FlowOutcome.STARTED);
            ConnectPages.redirect(ctx, location);
        } catch (FlowRefusedException e) {
            if (e.refusal() == FlowRefusedException.Refusal.INVALID_TOKEN) {
                metrics.connectFlow(FlowOutcome.INVALID_TOKEN);
            }
            ConnectPages.message(ctx, e.refusal().status(), e.refusal().message());
        }
    }

    private void callback(Context ctx) {
        FlowEnd end = flow.callback(ctx.queryParamMap());
        metrics.connectFlow(end.outcome());
        String redirect = end.redirect();
        if (redirect != null) {
            ConnectPages.redirect(ctx, redirect);
        } else {
            ConnectPages.flowEnd(ctx, end);
        }
    }
}
