package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupOutcome;
import dev.patchbay.setup.SetupService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /v1/admin/connector-providers}: list, read, set up and reset providers. */
final class ProvidersRoutes {
    static final String ROOT = "/v1/admin/connector-providers";
    private static final String JSON = "application/json";

    private final SetupService setups;
    private final ProviderJson render;
    private final BodyReader bodies;

    ProvidersRoutes(SetupService setups, ProviderJson render, BodyReader bodies) {
        this.setups = setups;
        this.render = render;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get(ROOT, this::list);
        routes.get(ROOT + "/{provider_slug}", this::get);
        routes.post(ROOT + "/{provider_slug}/setup", this::setup);
        routes.delete(ROOT + "/{provider_slug}/setup", this::reset);
    }

    private void list(Context ctx) {
        ctx.contentType(JSON).result(render.page(setups.list(ListParams.parse(ctx.queryParamMap()))));
    }

    private void get(Context ctx) {
        respond(ctx, setups.get(ctx.pathParam("provider_slug")));
    }

    private void setup(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        setups.get(slug); // 404 before the body is even read
        JsonNode body = bodies.read(ctx);
        SetupOutcome outcome = setups.setup(slug, body, ApiKeyFilter.principal(ctx).name());
        respond(ctx, outcome.provider());
    }

    private void reset(Context ctx) {
        SetupOutcome outcome = setups.reset(ctx.pathParam("provider_slug"), ApiKeyFilter.principal(ctx).name());
        respond(ctx, outcome.provider());
    }

    private void respond(Context ctx, ProviderView view) {
        ctx.header("ETag", "\"" + view.revision() + "\"");
        ctx.contentType(JSON).result(render.single(view));
    }
}
