package dev.patchbay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Map;

/** {@code java -jar patchbay.jar serve|keys …}. */
@Command(name = "patchbay", mixinStandardHelpOptions = true, version = "patchbay 0.1.0",
        description = "Manages connector providers: catalog, setup and encrypted credentials.",
        subcommands = {ServeCommand.class, KeysCommand.class, MasterKeyCommand.class})
public final class Main {
    public static void main(String[] args) {
        int code = run(System.getenv(), System.out, System.err, args);
        // A plain serve returns only once its shutdown hook has run, where System.exit would block.
        // Every other command exits here rather than wait for library threads (Javalin keeps a
        // non-daemon thread alive for seconds after its server stopped).
        if (code != 0 || args.length != 1 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }

    /** Runs one command and returns its exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
        CliContext context = new CliContext(env, out, err);
        if (args.length == 1 && "serve".equals(args[0])) {
            // The service's start has nothing to parse. Building picocli's model of every command costs
            // a good share of start-up (reflection, and Java 5 bytecode that class-data sharing cannot keep).
            try {
                return new ServeCommand(context).call();
            } catch (Exception e) {
                err.println(failure(e));
                return 1;
            }
        }
        CommandLine commandLine = new CommandLine(new Main(), new ContextFactory(context));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(failure(e));
            return 1;
        });
        return commandLine.execute(args);
    }

    /** Messages of Patchbay's own exceptions name a rule, never a secret. */
    private static String failure(Exception e) {
        return "patchbay: " + e.getMessage();
    }

    /** Hands every command that wants one the {@link CliContext}. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
