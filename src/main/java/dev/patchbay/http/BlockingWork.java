package dev.patchbay.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.util.function.ThrowingRunnable;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the handlers that may wait (on the store, on an external service, on a client trickling its
 * body) on a pool of their own, so that the few request threads Jetty has only ever answer from
 * memory: a slow verification, a stalled store or a burst of writes cannot hold up reads. The pool is
 * bounded too: a call that finds all its threads waiting is refused at once with a 503
 * ({@link RejectedExecutionException}) instead of queueing without end.
 */
final class BlockingWork implements AutoCloseable {
    /** More than writes of one instance ever need at once: each holds a thread only until its commit. */
    static final int MAX_THREADS = 64;
    /** How long {@link #close} lets calls in progress finish, so the store closes after them. */
    private static final long DRAIN_SECONDS = 20;

    private final ThreadPoolExecutor pool;

    BlockingWork(int maxThreads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "patchbay-blocking-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code handler}, run on this pool while the request thread goes back to Jetty. */
    Handler offload(Handler handler) {
        return ctx -> finish(ctx, () -> handler.handle(ctx));
    }

    /**
     * Finishes the exchange with {@code rest} on this pool, for a handler that has done on the request
     * thread what need not wait: handing a request over is not free, so a handler refuses an invalid
     * body itself and hands over only the write.
     */
    void finish(Context ctx, ThrowingRunnable<Exception> rest) {
        ctx.async(task -> task.executor = pool, rest);
    }

    /** This pool, for work that an answer waits for later; refuses it as {@link #finish} does when every thread is taken. */
    Executor executor() {
        return pool;
    }

    /** Takes no more calls and waits for those in progress. */
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
