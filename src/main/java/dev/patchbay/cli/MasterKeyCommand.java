package dev.patchbay.cli;

import dev.patchbay.wiring.MasterKeyRotation;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code master-key rotate}: re-encrypts every stored secret under a new master key. */
@Command(name = "master-key", description = "Manage the master key.", subcommands = MasterKeyCommand.Rotate.class)
final class MasterKeyCommand {

    @Command(name = "rotate", description = "Add a new master key, re-encrypt every secret under it, retire the old "
            + "key. Stop the service first.")
    static final class Rotate implements Callable<Integer> {
        private final CliContext context;

        Rotate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            MasterKeyRotation.Result result = MasterKeyRotation.rotate(context.settings());
            context.out().println("Rotated the master key: re-encrypted " + result.secrets()
                    + " secrets; the keyset now holds " + result.keys() + " key.");
            return 0;
        }
    }
}
