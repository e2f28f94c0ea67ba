package dev.patchbay.http;

import dev.patchbay.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line at INFO per request that changed something or that the service failed (5xx); reads, dry runs and
 * refusals (4xx: a wrong key, an invalid body, a stale If-Match) are logged at DEBUG, so a polling
 * client, a key-guessing one or one that repeats a bad request does not turn into log volume. The
 * client hears why it was refused; the audit trail keeps every change.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("patchbay.access");
    private static final String LINE = "{} {} status={} ms={} request_id={} key={}";

    private AccessLog() {
    }

    /** Logs an exchange Javalin answered. */
    static void record(Context ctx, float millis) {
        // A dry run changes nothing either: logged like a read, not like the setup it imitates.
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD || isDryRun(ctx.queryString());
        if (!enabled(read, ctx.statusCode())) {
            return;
        }
        Principal principal = ApiKeyFilter.principal(ctx);
        io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        write(read, ctx.method().name(), endpoint == null ? "(no route)" : endpoint.path, ctx.statusCode(), millis,
                RequestIds.of(ctx), principal == null ? null : principal.name());
    }

    static boolean isDryRun(String queryString) {
        if (queryString == null) {
            return false;
        }
        for (String parameter : queryString.split("&")) {
            if (parameter.equals("dry_run=true")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs one exchange. {@code route} is the route template, never the raw path: a path can carry
     * anything a client typed.
     */
    static void record(String method, String route, int status, float millis, String requestId, String keyName) {
        write(method.equals("GET") || method.equals("HEAD"), method, route, status, millis, requestId, keyName);
    }

    private static void write(boolean read, String method, String route, int status, float millis, String requestId,
                              String keyName) {
        if (!enabled(read, status)) {
            return;
        }
        // Tenths of a millisecond, without String.format's Formatter on every write.
        Object[] args = {method, route, status, Math.round(millis * 10) / 10.0, requestId, keyName == null ? "-" : keyName};
        if (routine(read, status)) {
            log.debug(LINE, args);
        } else {
            log.info(LINE, args);
        }
    }

    private static boolean enabled(boolean read, int status) {
        return routine(read, status) ? log.isDebugEnabled() : log.isInfoEnabled();
    }

    private static boolean routine(boolean read, int status) {
        return (read && status < 400) || (status >= 400 && status < 500);
    }
}
