package dev.patchbay.cli;

import dev.patchbay.wiring.Settings;

import java.io.PrintStream;
import java.util.Map;

/** What a command runs with: the environment it reads settings from and where it prints. */
record CliContext(Map<String, String> env, PrintStream out, PrintStream err) {
    Settings settings() {
        return Settings.fromEnvironment(env);
    }
}
