package dev.patchbay.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.function.BooleanSupplier;

/** {@code /healthz} (the process answers) and {@code /readyz} (the store answers too); no key needed. */
final class HealthRoutes {
    private final BooleanSupplier storeReachable;
    private final ProblemMapper problems;

    HealthRoutes(BooleanSupplier storeReachable, ProblemMapper problems) {
        this.storeReachable = storeReachable;
        this.problems = problems;
    }

    void register(RoutesConfig routes, BlockingWork blocking) {
        Reads.register(routes, "/healthz", ctx -> ok(ctx));
        // Asks the store, which may be slow to say it is gone.
        Reads.register(routes, "/readyz", blocking.offload(this::ready));
    }

    private void ready(Context ctx) {
        if (storeReachable.getAsBoolean()) {
            ok(ctx);
        } else {
            problems.write(ctx, ProblemType.STORE_UNAVAILABLE, "The store does not answer.",
                    java.util.Map.of("Retry-After", "1"));
        }
    }

    private static void ok(Context ctx) {
        ctx.contentType("application/json").result("{\"status\":\"ok\"}");
    }
}
