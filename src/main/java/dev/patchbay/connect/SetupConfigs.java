package dev.patchbay.connect;

import dev.patchbay.verify.SetupConfig;

import java.util.Optional;

/** The current setup of a provider, its secrets opened; empty when it is not set up. Thread-safe. */
@FunctionalInterface
public interface SetupConfigs {
    Optional<SetupConfig> currentConfig(String providerSlug);
}
