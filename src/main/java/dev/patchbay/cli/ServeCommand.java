package dev.patchbay.cli;

import dev.patchbay.wiring.Patchbay;
import dev.patchbay.wiring.Settings;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the service until the process is stopped. */
@Command(name = "serve", description = "Run the HTTP service (configured by PATCHBAY_* variables).")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Settings.fromEnvironment(System.getenv());
        Patchbay patchbay = Patchbay.open(settings);
        patchbay.keys().bootstrap().ifPresent(key -> {
            // Printed to the terminal, never logged: this is the only time the key is shown.
            System.out.println();
            System.out.println("First start: created the admin API key 'admin'. It is shown only this once:");
            System.out.println();
            System.out.println("    " + key);
            System.out.println();
            System.out.flush();
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
