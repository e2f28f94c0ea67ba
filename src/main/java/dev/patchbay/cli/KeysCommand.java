package dev.patchbay.cli;

import dev.patchbay.auth.ApiKeyInfo;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.wiring.Patchbay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keys create|list|revoke}: API keys, over the same store the service uses. */
@Command(name = "keys", description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    @Command(name = "create", description = "Create a key and print it once.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        Create(CliContext context) {
            this.context = context;
        }

        @Option(names = "--name", required = true, description = "Key name, shown as the actor in audit records.")
        String name;

        @Option(names = "--scope", defaultValue = "admin",
                description = "admin (everything), connect (connections and their credentials) or read (GET only).")
        String scope;

        @Override
        public Integer call() {
            KeyScope parsed = KeyScope.parse(scope).orElse(null);
            if (parsed == null) {
                context.err().println("patchbay: --scope must be admin, connect or read");
                return 2;
            }
            String key = Patchbay.withKeys(context.settings(), keys -> keys.create(name, parsed));
            context.out().println(key);
            context.err().println("Created " + parsed.wire() + " key '" + name + "'. Store it now: it is not shown again.");
            return 0;
        }
    }

    @Command(name = "list", description = "List keys: name, scope, created, last used (never the key).")
    static final class ListKeys implements Callable<Integer> {
        private final CliContext context;

        ListKeys(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<ApiKeyInfo> keys = Patchbay.withKeys(context.settings(), k -> k.list());
            context.out().printf("%-24s %-7s %-8s %-24s %-24s%n", "NAME", "SCOPE", "STATUS", "CREATED", "LAST USED");
            for (ApiKeyInfo key : keys) {
                context.out().printf("%-24s %-7s %-8s %-24s %-24s%n", key.name(), key.scope().wire(),
                        key.revokedAt() == null ? "active" : "revoked", text(key.createdAt()), text(key.lastUsedAt()));
            }
            return 0;
        }

        /** Every time to the millisecond, as the API shows times: Instant.toString drops zero fractions. */
        private static final java.time.format.DateTimeFormatter MILLIS =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

        private static String text(Instant instant) {
            return instant == null ? "-" : MILLIS.format(instant);
        }
    }

    @Command(name = "revoke", description = "Revoke a key; a running service stops accepting it within 5 seconds.")
    static final class Revoke implements Callable<Integer> {
        private final CliContext context;

        Revoke(CliContext context) {
            this.context = context;
        }

        @Parameters(index = "0", description = "Name of the key.")
        String name;

        @Override
        public Integer call() {
            boolean revoked = Patchbay.withKeys(context.settings(), keys -> keys.revoke(name));
            if (!revoked) {
                context.err().println("patchbay: no active key is named '" + name + "'");
                return 1;
            }
            context.err().println("Revoked key '" + name + "'.");
            return 0;
        }
    }
}
