package dev.patchbay.http;

import dev.patchbay.connections.ConcurrentConnectionChangeException;
import dev.patchbay.connections.ConnectionNotFoundException;
import dev.patchbay.connections.ConnectionUnusableException;
import dev.patchbay.proxy.ProxyFailedException;
import dev.patchbay.connections.IdempotencyMismatchException;
import dev.patchbay.connections.InvalidConnectionException;
import dev.patchbay.connections.ProviderNotConnectableException;
import dev.patchbay.connections.RefreshUnavailableException;
import dev.patchbay.store.ConnectionRow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.connect.InvalidConnectSessionException;
import dev.patchbay.connect.ProviderNotSetUpException;
import dev.patchbay.setup.InvalidSetupException;
import dev.patchbay.setup.ConcurrentChangeException;
import dev.patchbay.setup.ProviderNotFoundException;
import dev.patchbay.setup.RevisionMismatchException;
import dev.patchbay.setup.SetupMissingException;
import dev.patchbay.setup.VerificationFailedException;
import dev.patchbay.store.StoreUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one place where failures become problem+json responses. Details are written here from known
 * facts, never from an exception's message, so nothing a client sent (or a secret) can leak back.
 */
final class ProblemMapper {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_ATTRIBUTE = "patchbay.problem-type";
    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    private final ObjectMapper json;

    ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.exception(HttpProblem.class, (e, ctx) -> {
            e.headers.forEach(ctx::header);
            write(ctx, Problem.of(e.type, e.detail, RequestIds.of(ctx)));
        });
        routes.exception(ProviderNotFoundException.class, (e, ctx) ->
                write(ctx, Problem.of(ProblemType.NOT_FOUND, "No connector provider has this slug.", RequestIds.of(ctx))));
        routes.exception(InvalidSetupException.class, (e, ctx) -> write(ctx, new Problem(
                ProblemType.VALIDATION_FAILED.uri, ProblemType.VALIDATION_FAILED.title, 422,
                "The configuration does not match the provider's config_schema.", RequestIds.of(ctx), e.errors(), null)));
        routes.exception(VerificationFailedException.class, (e, ctx) -> write(ctx, new Problem(
                ProblemType.VERIFICATION_FAILED.uri, ProblemType.VERIFICATION_FAILED.title, 422,
                // The result's detail is built from status and error codes with every secret scrubbed.
                "The external service did not accept the configuration (" + e.result().reason().wire() + "): "
                        + withoutFinalPeriod(e.result().detail()) + ". Nothing was stored.",
                RequestIds.of(ctx), null, ProviderJson.verification(json, e.result()))));
        routes.exception(InvalidConnectSessionException.class, (e, ctx) -> write(ctx, new Problem(
                ProblemType.VALIDATION_FAILED.uri, ProblemType.VALIDATION_FAILED.title, 422,
                "The connect session request is not valid; nothing was stored.", RequestIds.of(ctx), e.errors(), null)));
        routes.exception(ProviderNotSetUpException.class, (e, ctx) -> write(ctx, Problem.of(ProblemType.SETUP_MISSING,
                "The provider is not set up; an administrator must set it up before accounts can connect.",
                RequestIds.of(ctx))));
        routes.exception(ConnectionNotFoundException.class, (e, ctx) ->
                write(ctx, Problem.of(ProblemType.NOT_FOUND, "No connection has this id.", RequestIds.of(ctx))));
        routes.exception(ConnectionUnusableException.class, (e, ctx) -> write(ctx,
                e.status().equals(ConnectionRow.NEEDS_REAUTH)
                        ? Problem.of(ProblemType.CONNECTION_NEEDS_REAUTH, "The provider refused the connection's"
                        + " grant: the user must connect again (a connect session with connection_id).", RequestIds.of(ctx))
                        : Problem.of(ProblemType.CONNECTION_DISCONNECTED, "The connection is disconnected; its tokens"
                        + " were destroyed.", RequestIds.of(ctx))));
        routes.exception(RefreshUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            write(ctx, Problem.of(ProblemType.REFRESH_UNAVAILABLE, "The access token has expired and the provider"
                    + " could not refresh it just now; the connection stays active. Retry shortly.", RequestIds.of(ctx)));
        });
        routes.exception(ProxyFailedException.class, (e, ctx) -> write(ctx, proxyProblem(e, RequestIds.of(ctx))));
        routes.exception(InvalidConnectionException.class, (e, ctx) -> write(ctx, new Problem(
                ProblemType.VALIDATION_FAILED.uri, ProblemType.VALIDATION_FAILED.title, 422,
                "The connection is not valid for this provider.", RequestIds.of(ctx), e.errors(), null)));
        routes.exception(dev.patchbay.webhooks.InvalidEndpointException.class, (e, ctx) -> write(ctx, new Problem(
                ProblemType.VALIDATION_FAILED.uri, ProblemType.VALIDATION_FAILED.title, 422,
                "The webhook endpoint is not valid; nothing was stored.", RequestIds.of(ctx), e.errors(), null)));
        routes.exception(dev.patchbay.webhooks.WebhookNotFoundException.class, (e, ctx) -> write(ctx, Problem.of(
                ProblemType.NOT_FOUND, "No webhook endpoint, or no delivery of it, has this id.", RequestIds.of(ctx))));
        routes.exception(IdempotencyMismatchException.class, (e, ctx) -> write(ctx, Problem.of(
                ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with another body; nothing was"
                        + " created. Use a new key for a new request.", RequestIds.of(ctx))));
        routes.exception(ProviderNotConnectableException.class, (e, ctx) -> write(ctx, Problem.of(
                ProblemType.SETUP_MISSING, "The provider is not set up, so it has no connections to use.",
                RequestIds.of(ctx))));
        routes.exception(ConcurrentConnectionChangeException.class, (e, ctx) -> write(ctx, Problem.of(
                ProblemType.CONCURRENT_CHANGE, "The connection kept changing concurrently; nothing was changed."
                        + " Retry.", RequestIds.of(ctx))));
        routes.exception(SetupMissingException.class, (e, ctx) -> write(ctx, Problem.of(ProblemType.SETUP_MISSING,
                "The provider is not set up; POST a whole configuration first.", RequestIds.of(ctx))));
        routes.exception(RevisionMismatchException.class, (e, ctx) -> {
            ctx.header("ETag", "\"" + e.current() + "\"");
            write(ctx, Problem.of(ProblemType.REVISION_MISMATCH, "If-Match does not name the current revision, "
                    + e.current() + "; nothing was changed.", RequestIds.of(ctx)));
        });
        routes.exception(ConcurrentChangeException.class, (e, ctx) -> write(ctx, Problem.of(ProblemType.CONCURRENT_CHANGE,
                "The provider kept changing concurrently; nothing was changed. Retry.", RequestIds.of(ctx))));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            log.warn("store unavailable request_id={}: {}", RequestIds.of(ctx), e.getCause().getClass().getSimpleName());
            ctx.header("Retry-After", "1");
            write(ctx, Problem.of(ProblemType.STORE_UNAVAILABLE,
                    "The store is unavailable; retry shortly.", RequestIds.of(ctx)));
        });
        routes.exception(RejectedExecutionException.class, (e, ctx) -> {
            log.warn("busy request_id={}: every thread for calls that wait is taken", RequestIds.of(ctx));
            ctx.header("Retry-After", "1");
            write(ctx, Problem.of(ProblemType.BUSY,
                    "Too many calls are waiting on the store or on external services; retry shortly.",
                    RequestIds.of(ctx)));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String allowed = e.getDetails().get("availableMethods");
            if (e.getStatus() == 405 && allowed != null) {
                ctx.header("Allow", allowed.replace(" ", ""));
            }
            write(ctx, fromJavalin(e, RequestIds.of(ctx)));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            // The exception goes to the log with its request id; the client learns nothing of it.
            log.error("unexpected failure request_id={}", RequestIds.of(ctx), e);
            write(ctx, Problem.of(ProblemType.INTERNAL, "An unexpected error occurred; it has been logged.",
                    RequestIds.of(ctx)));
        });
    }

    /** The problem of a proxied call that was not forwarded or got no answer; the detail names no path or value. */
    private static Problem proxyProblem(ProxyFailedException e, String requestId) {
        return switch (e.reason()) {
            case PATH_REFUSED -> Problem.of(ProblemType.PROXY_PATH_REFUSED, "The path could reach outside the"
                    + " provider's API base path ('..', '//', '@', backslashes, absolute URLs, or encodings of them);"
                    + " nothing was sent.", requestId);
            case NO_API -> Problem.of(ProblemType.PROXY_UNSUPPORTED, "The proxy cannot call this provider: "
                    + e.getMessage() + ". Nothing was sent.", requestId);
            case BODY_TOO_LARGE -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than the"
                    + " proxy's limit (PATCHBAY_PROXY_MAX_BODY_BYTES).", requestId);
            case BODY_UNREADABLE -> Problem.of(ProblemType.BAD_REQUEST, "The request body could not be read.",
                    requestId);
            case DESTINATION_REFUSED -> Problem.of(ProblemType.UPSTREAM_REFUSED, "The provider's API host resolves to"
                    + " a private or loopback address, which the proxy may not call (PATCHBAY_VERIFY_ALLOW_PRIVATE);"
                    + " nothing was sent.", requestId);
            case UNREACHABLE -> Problem.of(ProblemType.UPSTREAM_UNREACHABLE, "The provider's API could not be"
                    + " reached, or broke off its answer.", requestId);
            case TIMEOUT -> Problem.of(ProblemType.UPSTREAM_TIMEOUT, "The provider's API did not answer within the"
                    + " proxy's time limit (PATCHBAY_PROXY_TIMEOUT_MS).", requestId);
        };
    }

    private static Problem fromJavalin(HttpResponseException e, String requestId) {
        return switch (e.getStatus()) {
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "No resource at this path.", requestId);
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed on this path.", requestId);
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, BodyReader.TOO_LARGE, requestId);
            case 400 -> Problem.of(ProblemType.BAD_REQUEST, "The request is malformed.", requestId);
            default -> Problem.of(ProblemType.INTERNAL, "An unexpected error occurred.", requestId);
        };
    }

    private static String withoutFinalPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    void write(Context ctx, Problem problem) {
        ctx.attribute(TYPE_ATTRIBUTE, problem.type());
        try {
            ReadyBytes.send(ctx.status(problem.status()), CONTENT_TYPE, json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type URI of the problem this exchange was answered with, or null when it was not a problem. */
    static String problemTypeOf(Context ctx) {
        return ctx.attribute(TYPE_ATTRIBUTE);
    }

    /** Writes a problem outside the exception path (for status handlers). */
    void write(Context ctx, ProblemType type, String detail, Map<String, String> headers) {
        headers.forEach(ctx::header);
        write(ctx, Problem.of(type, detail, RequestIds.of(ctx)));
    }
}
