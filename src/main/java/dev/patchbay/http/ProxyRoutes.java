package dev.patchbay.http;

import dev.patchbay.connections.Actor;
import dev.patchbay.connections.ConnectionNotFoundException;
import dev.patchbay.proxy.Forwarder;
import dev.patchbay.proxy.ProxyRequest;
import dev.patchbay.proxy.ResponseSink;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /v1/proxy/{id}/{path}}: every method, forwarded as the connection. Each call runs on a pool
 * of its own, bounded (a call that finds every thread taken is refused at once with 503), so that
 * calls parked on a slow provider hold neither Jetty's request threads nor the threads of the store
 * work, and reads keep answering.
 */
final class ProxyRoutes implements AutoCloseable {
    static final String ROOT = "/v1/proxy";
    static final String ROUTE = ROOT + "/{id}/<path>";
    /** The caller's opt-in for retries of 429 and 5xx answers to idempotent requests. */
    static final String RETRIES_HEADER = "Patchbay-Proxy-Retries";
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);
    private static final long DRAIN_SECONDS = 20;

    private final Forwarder forwarder;
    private final ThreadPoolExecutor pool;

    ProxyRoutes(Forwarder forwarder, int maxConcurrent) {
        this.forwarder = forwarder;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxConcurrent, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "patchbay-proxy-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void register(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, ROUTE, this::forward);
        }
    }

    private void forward(Context ctx) {
        UUID id = Uuids.parse(ctx.pathParam("id"));
        if (id == null) {
            throw new ConnectionNotFoundException();
        }
        ProxyRequest request = new ProxyRequest(id, ctx.method().name(), rawPath(ctx), ctx.queryString(),
                headers(ctx), input(ctx), ctx.req().getContentLengthLong(), hasBody(ctx), retries(ctx),
                new Actor(ApiKeyFilter.principal(ctx).name(), RequestIds.of(ctx)));
        ctx.async(task -> {
            task.executor = pool;
            task.timeout = 0; // the forwarder's own limits bound the call
        }, () -> forwarder.forward(request, new Sink(ctx)));
    }

    /** The path after {@code /v1/proxy/{id}}, exactly as the caller encoded it. */
    private static String rawPath(Context ctx) {
        String uri = ctx.req().getRequestURI();
        int start = uri.indexOf('/', ROOT.length() + 1);
        return start < 0 ? "" : uri.substring(start);
    }

    private static List<Map.Entry<String, String>> headers(Context ctx) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            for (String value : Collections.list(ctx.req().getHeaders(name))) {
                headers.add(Map.entry(name, value));
            }
        }
        return headers;
    }

    private static InputStream input(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body could not be read.");
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static int retries(Context ctx) {
        String value = ctx.header(RETRIES_HEADER);
        if (value == null) {
            return 0;
        }
        if (!value.strip().matches("[0-" + ProxyRequest.MAX_RETRIES + "]")) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, RETRIES_HEADER + " must be a whole number from 0 to "
                    + ProxyRequest.MAX_RETRIES + ".");
        }
        return Integer.parseInt(value.strip());
    }

    /** The caller's response, written straight to the servlet stream: no copy of the body is kept. */
    private record Sink(Context ctx) implements ResponseSink {
        @Override
        public OutputStream start(int status, Map<String, List<String>> headers) throws IOException {
            HttpServletResponse response = ctx.res();
            response.setStatus(status);
            headers.forEach((name, values) -> {
                boolean first = true;
                for (String value : values) {
                    if (first) {
                        response.setHeader(name, value);
                        first = false;
                    } else {
                        response.addHeader(name, value);
                    }
                }
            });
            return response.getOutputStream();
        }

        @Override
        public boolean abort() {
            if (ctx.res().isCommitted()) {
                ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel()
                        .abort(new IOException("the provider broke off its answer"));
                return true;
            }
            // Nothing reached the caller: drop the provider's status and headers, keep Patchbay's own.
            ctx.res().reset();
            ctx.header(RequestIds.HEADER, RequestIds.of(ctx));
            ctx.header("Cache-Control", "no-store");
            ctx.header(HttpServer.CONTENT_TYPE_OPTIONS, "nosniff");
            return false;
        }
    }

    /** Takes no more calls and lets those in progress finish. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
