package dev.patchbay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar patchbay.jar serve|keys …}. */
@Command(name = "patchbay", mixinStandardHelpOptions = true, version = "patchbay 0.1.0",
        description = "Manages connector providers: catalog, setup and encrypted credentials.",
        subcommands = {ServeCommand.class, KeysCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("patchbay: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
