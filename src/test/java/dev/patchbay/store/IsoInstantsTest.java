package dev.patchbay.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoInstantsTest {
    @Test
    void readsWhatInstantWritesAsInstantParseDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertEquals(instant, IsoInstants.parse(instant.toString()), instant.toString());
        }
    }

    @Test
    void acceptsAndRefusesWhatInstantParseDoes() {
        for (String text : List.of("2026-12-06T17:12:36.5Z", "2026-12-31T23:59:60Z", "2026-12-06T24:00:00Z",
                "+10000-01-01T00:00:00Z", "2026-12-06T17:12:36.123456789Z", "2026-12-06T17:12:36+01:00",
                "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-06T17:12:36.Z",
                "2026-12-06T17:12:36.1234567890Z", "2026-12-06 17:12:36Z", "2026-1a-06T17:12:36Z")) {
            assertEquals(outcome(() -> Instant.parse(text)), outcome(() -> IsoInstants.parse(text)), text);
        }
    }

    private static String outcome(Supplier<Instant> parse) {
        try {
            return parse.get().toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
