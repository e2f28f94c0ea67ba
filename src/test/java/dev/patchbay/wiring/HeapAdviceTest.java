package dev.patchbay.wiring;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up advice for a plain {@code java -jar}: given only when nobody chose a heap limit. */
class HeapAdviceTest {
    private static final long SIX_GB = 6L * 1024 * 1024 * 1024;

    @Test
    void a_jvm_without_heap_flags_is_told_the_flags_that_keep_memory_low() {
        assertThat(HeapAdvice.advice(List.of("-Dfile.encoding=UTF-8"), SIX_GB)).hasValue(
                "The JVM's heap limit is its default (6144 MB here); Patchbay runs in 128 MB: start it with "
                        + "bin/patchbay, or java -Xms64m -Xmx128m -XX:+UseSerialGC -jar patchbay.jar serve");
    }

    @Test
    void any_chosen_limit_silences_it() {
        for (String flag : List.of("-Xmx128m", "-XX:MaxHeapSize=256m", "-XX:MaxRAMPercentage=25", "-XX:MaxRAM=1g")) {
            assertThat(HeapAdvice.advice(List.of("-XX:+UseSerialGC", flag), SIX_GB)).as(flag).isEmpty();
        }
    }
}
