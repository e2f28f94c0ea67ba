package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupOutcome;
import dev.patchbay.setup.SetupService;
import dev.patchbay.setup.WriteRequest;
import dev.patchbay.verify.VerificationResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** {@code /v1/admin/connector-providers}: list, read, set up, patch, reset and verify providers. */
final class ProvidersRoutes {
    static final String ROOT = "/v1/admin/connector-providers";
    private static final String JSON = "application/json";
    private static final byte[] VALID = "{\"data\":{\"valid\":true}}".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> PATCH_TYPES = Set.of("application/merge-patch+json", "application/json");

    private final SetupService setups;
    private final ProviderJson render;
    private final BodyReader bodies;

    ProvidersRoutes(SetupService setups, ProviderJson render, BodyReader bodies) {
        this.setups = setups;
        this.render = render;
        this.bodies = bodies;
    }

    /** Reads answer from memory on the request thread; writes wait for their commit on {@code blocking}. */
    void register(RoutesConfig routes, BlockingWork blocking) {
        Reads.register(routes, ROOT, this::list);
        Reads.register(routes, ROOT + "/{provider_slug}", this::get);
        routes.post(ROOT + "/{provider_slug}/setup", blocking.offload(this::setup));
        routes.patch(ROOT + "/{provider_slug}/setup", blocking.offload(this::patch));
        routes.delete(ROOT + "/{provider_slug}/setup", blocking.offload(this::reset));
        routes.post(ROOT + "/{provider_slug}/verify", blocking.offload(this::verify));
    }

    private void list(Context ctx) {
        ReadyBytes.send(ctx, JSON, render.page(setups.list(ListParams.parse(ctx.queryParamMap()))));
    }

    private void get(Context ctx) {
        ProviderView view = setups.get(ctx.pathParam("provider_slug"));
        WriteParams.none(ctx);
        String etag = "\"" + view.revision() + "\"";
        if (etag.equals(ctx.header("If-None-Match"))) {
            // A polling client that already has this revision gets no body.
            ctx.header("ETag", etag).status(304);
            return;
        }
        respond(ctx, view);
    }

    private void setup(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        WriteRequest request = writeRequest(ctx, slug); // 404 before the body is even read
        JsonNode body = bodies.read(ctx);
        answer(ctx, request, setups.setup(slug, body, request));
    }

    private void patch(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        WriteRequest request = writeRequest(ctx, slug);
        JsonNode body = bodies.read(ctx, PATCH_TYPES);
        answer(ctx, request, setups.patch(slug, body, request));
    }

    private void reset(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        long current = setups.get(slug).revision();
        WriteParams.none(ctx);
        WriteRequest request = new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx, current), false, false);
        respond(ctx, setups.reset(slug, request).provider());
    }

    /** Checks the stored setup against the external service; the body, if any, is not read. */
    private void verify(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        long current = setups.get(slug).revision();
        WriteParams.none(ctx);
        WriteRequest request = new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx, current), false, false);
        VerificationResult result = setups.verify(slug, request);
        ReadyBytes.send(ctx, JSON, render.verificationResponse(result));
    }

    private WriteRequest writeRequest(Context ctx, String slug) {
        long current = setups.get(slug).revision();
        return new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx, current), WriteParams.dryRun(ctx), WriteParams.verify(ctx));
    }

    private void answer(Context ctx, WriteRequest request, SetupOutcome outcome) {
        if (request.dryRun()) {
            ctx.header("ETag", "\"" + outcome.provider().revision() + "\"");
            ReadyBytes.send(ctx, JSON, VALID);
        } else {
            respond(ctx, outcome.provider());
        }
    }

    private void respond(Context ctx, ProviderView view) {
        ctx.header("ETag", "\"" + view.revision() + "\"");
        ReadyBytes.send(ctx, JSON, render.single(view));
    }
}
