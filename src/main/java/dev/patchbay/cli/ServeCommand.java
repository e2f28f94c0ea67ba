package dev.patchbay.cli;

import dev.patchbay.wiring.HeapAdvice;
import dev.patchbay.wiring.Patchbay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the service until the process is stopped. */
@Command(name = "serve", description = "Run the HTTP service (configured by PATCHBAY_* variables).")
final class ServeCommand implements Callable<Integer> {
    private static final long READY_LIMIT_MS = 30_000;

    private final CliContext context;

    /** The build's class-data training run (see pom.xml): a whole start, readiness, a clean exit. */
    @Option(names = "--exit-when-ready", hidden = true,
            description = "Start, wait until GET /readyz answers 200, then stop (exit code 0 when it did).")
    boolean exitWhenReady;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException, IOException, URISyntaxException {
        Patchbay patchbay = Patchbay.open(context.settings());
        patchbay.keys().bootstrap().ifPresent(key -> {
            // Printed to the terminal, never logged: this is the only time the key is shown.
            context.out().println();
            context.out().println("First start: created the admin API key 'admin'. It is shown only this once:");
            context.out().println();
            context.out().println("    " + key);
            context.out().println();
            context.out().flush();
        });
        patchbay.start();
        HeapAdvice.logIfDefault();
        if (exitWhenReady) {
            try (patchbay) {
                boolean ready = awaitReady(patchbay.port());
                // What the service does a moment after start, done before the exit, so that the archive
                // also holds the classes that compiling the schemas loads.
                patchbay.compileSchemas();
                return ready ? 0 : 1;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            patchbay.close();
            stopped.countDown();
        }, "patchbay-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Polls {@code GET /readyz} as a client would, through the whole HTTP stack, for up to
     * {@link #READY_LIMIT_MS}; says why when it never answers 200.
     */
    private boolean awaitReady(int port) throws IOException, URISyntaxException, InterruptedException {
        String host = context.settings().host();
        String target = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        URL readyz = new URI("http", null, target, port, "/readyz", null, null).toURL();
        int status = 0;
        for (long deadline = System.nanoTime() + READY_LIMIT_MS * 1_000_000; System.nanoTime() < deadline; ) {
            HttpURLConnection connection = (HttpURLConnection) readyz.openConnection();
            try {
                status = connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
            if (status == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        context.err().println("patchbay: " + readyz + " did not answer 200 (last answer " + status + ")");
        return false;
    }
}
