package dev.patchbay.cli;

import dev.patchbay.wiring.Patchbay;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the service until the process is stopped. */
@Command(name = "serve", description = "Run the HTTP service (configured by PATCHBAY_* variables).")
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            patchbay.close();
            stopped.countDown();
        }, "patchbay-shutdown"));
        stopped.await();
        return 0;
    }
}
