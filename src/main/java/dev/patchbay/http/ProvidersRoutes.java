package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.connections.ConnectionCounts;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupOutcome;
import dev.patchbay.setup.SetupService;
import dev.patchbay.setup.WriteRequest;
import dev.patchbay.verify.VerificationResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** {@code /v1/admin/connector-providers}: list, read, set up, patch, reset and verify providers. */
final class ProvidersRoutes {
    static final String ROOT = "/v1/admin/connector-providers";
    private static final String JSON = "application/json";
    private static final byte[] VALID = "{\"data\":{\"valid\":true}}".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> SETUP_TYPES = Set.of("application/json");
    private static final Set<String> PATCH_TYPES = Set.of("application/merge-patch+json", "application/json");

    private final SetupService setups;
    private final ProviderJson render;
    private final DefaultListPage listPage;
    private final BodyReader bodies;
    private final BlockingWork blocking;
    private final Executor requestThreads;
    private final ConnectionCounts counts;

    ProvidersRoutes(SetupService setups, ProviderJson render, DefaultListPage listPage, BodyReader bodies,
                    BlockingWork blocking, Executor requestThreads, ConnectionCounts counts) {
        this.listPage = listPage;
        this.counts = counts;
        this.setups = setups;
        this.render = render;
        this.bodies = bodies;
        this.blocking = blocking;
        this.requestThreads = requestThreads;
    }

    /**
     * Reads answer from memory on the request thread. Writes are checked there too when their body has
     * arrived, and submitted from there when nothing about them waits (see
     * {@link SetupService#commitWithoutWaiting}); the others wait for their commit on
     * {@link BlockingWork}, and so do resets and verifications.
     */
    void register(RoutesConfig routes) {
        Reads.register(routes, ROOT, this::list);
        Reads.register(routes, ROOT + "/{provider_slug}", this::get);
        routes.post(ROOT + "/{provider_slug}/setup", this::setup);
        routes.patch(ROOT + "/{provider_slug}/setup", this::patch);
        routes.delete(ROOT + "/{provider_slug}/setup", blocking.offload(this::reset));
        routes.post(ROOT + "/{provider_slug}/verify", blocking.offload(this::verify));
    }

    private void list(Context ctx) {
        byte[] page = ctx.queryString() == null ? listPage.bytes()
                : render.page(setups.list(ListParams.parse(ctx.queryParamMap())));
        ReadyBytes.send(ctx, JSON, page);
    }

    private void get(Context ctx) {
        ProviderView view = setups.get(ctx.pathParam("provider_slug"));
        WriteParams.none(ctx);
        String etag = render.etag(view);
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
        BodyReader.Arrival body = bodies.take(ctx, SETUP_TYPES);
        checkThenCommit(ctx, slug, request, body, () -> setups.checkSetup(slug, bodies.parse(ctx, body), request));
    }

    private void patch(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        WriteRequest request = writeRequest(ctx, slug);
        BodyReader.Arrival body = bodies.take(ctx, PATCH_TYPES);
        checkThenCommit(ctx, slug, request, body, () -> setups.checkPatch(slug, bodies.parse(ctx, body), request));
    }

    /**
     * Checks the body on the request thread when all of it has arrived, so an invalid body is refused
     * without a hand-over; the commit, and the rest of a body still on its way, are left to
     * {@link BlockingWork}. So is an {@code If-Match} naming a revision memory does not hold: checking
     * it asks the store, which another instance may have changed.
     */
    private void checkThenCommit(Context ctx, String slug, WriteRequest request, BodyReader.Arrival body,
                                 Supplier<SetupService.CheckedWrite> check) {
        // A list of tags is judged against the store: memory may match an older one of them.
        boolean fromMemory = request.ifMatch() == null
                || request.ifMatch().equals(java.util.Set.of(setups.get(slug).revision()));
        if (!fromMemory || !body.complete()) {
            blocking.finish(ctx, () -> answer(ctx, request, setups.commit(check.get())));
            return;
        }
        SetupService.CheckedWrite checked = check.get();
        Optional<CompletableFuture<SetupOutcome>> committing = setups.commitWithoutWaiting(checked, blocking.executor());
        if (committing.isPresent()) {
            answerOnceDone(ctx, request, committing.get());
        } else {
            blocking.finish(ctx, () -> answer(ctx, request, setups.commit(checked)));
        }
    }

    /**
     * Answers on a request thread once {@code outcome} completes; the thread that completes it, the
     * store's writer, goes straight back to committing.
     */
    private void answerOnceDone(Context ctx, WriteRequest request, CompletableFuture<SetupOutcome> outcome) {
        CompletableFuture<Void> answered = outcome.handleAsync((done, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
            }
            answer(ctx, request, done);
            return null;
        }, requestThreads);
        ctx.future(() -> answered);
    }

    private void reset(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        setups.get(slug); // an unknown provider is a 404 before its headers are judged
        WriteParams.none(ctx);
        WriteRequest request = new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx), false, false);
        SetupOutcome outcome = setups.reset(slug, request);
        if (outcome.stored()) {
            counts.providerReset(slug);
        }
        respond(ctx, outcome.provider());
    }

    /** Checks the stored setup against the external service; the body, if any, is not read. */
    private void verify(Context ctx) {
        String slug = ctx.pathParam("provider_slug");
        setups.get(slug); // an unknown provider is a 404 before its headers are judged
        WriteParams.none(ctx);
        WriteRequest request = new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx), false, false);
        VerificationResult result = setups.verify(slug, request);
        ReadyBytes.send(ctx, JSON, render.verificationResponse(result));
    }

    private WriteRequest writeRequest(Context ctx, String slug) {
        setups.get(slug); // an unknown provider is a 404 before its headers are judged
        return new WriteRequest(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx),
                WriteParams.ifMatch(ctx), WriteParams.dryRun(ctx), WriteParams.verify(ctx));
    }

    private void answer(Context ctx, WriteRequest request, SetupOutcome outcome) {
        if (request.dryRun()) {
            ctx.header("ETag", render.etag(outcome.provider()));
            ReadyBytes.send(ctx, JSON, VALID);
        } else {
            respond(ctx, outcome.provider());
        }
    }

    private void respond(Context ctx, ProviderView view) {
        ctx.header("ETag", render.etag(view));
        ReadyBytes.send(ctx, JSON, render.single(view));
    }
}
