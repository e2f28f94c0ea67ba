package dev.patchbay.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Says once, at start-up, how to keep Patchbay's memory small when the JVM was started without a heap
 * limit: the JVM then sizes the heap from the machine's memory, and a plain {@code java -jar} settled at
 * about 530 MB resident where the launcher's flags keep it near 211 MB. Stateless.
 */
public final class HeapAdvice {
    /** The flags {@code bin/patchbay} runs the jar with, class-data archive aside. */
    static final String FLAGS = "-Xms64m -Xmx128m -XX:+UseSerialGC";
    private static final Logger log = LoggerFactory.getLogger(HeapAdvice.class);
    private static final List<String> HEAP_LIMITS =
            List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=", "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");

    private HeapAdvice() {
    }

    /** Logs the advice at WARN when this JVM's heap limit is the JVM's default. */
    public static void logIfDefault() {
        advice(ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory())
                .ifPresent(log::warn);
    }

    /** The advice for a JVM started with {@code jvmArguments} and a heap limit of {@code maxHeapBytes}; empty when a limit was chosen. */
    static Optional<String> advice(List<String> jvmArguments, long maxHeapBytes) {
        boolean chosen = jvmArguments.stream().anyMatch(argument -> HEAP_LIMITS.stream().anyMatch(argument::startsWith));
        if (chosen) {
            return Optional.empty();
        }
        return Optional.of("The JVM's heap limit is its default (" + maxHeapBytes / (1024 * 1024) + " MB here); "
                + "Patchbay runs in 128 MB: start it with bin/patchbay, or java " + FLAGS + " -jar patchbay.jar serve");
    }
}
