package dev.patchbay.connections;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * New connection ids: UUID version 7 (RFC 9562), the creation time in the first 48 bits and 74 random
 * bits after, so that ids sort by creation and a list in id order is oldest first.
 */
final class ConnectionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectionIds() {
    }

    static UUID next(Instant at) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = at.toEpochMilli();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0fL) << 8) | (random[1] & 0xffL);
        long low = 0x8000000000000000L | ((random[2] & 0x3fL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xffL) << (8 * (9 - i));
        }
        return new UUID(high, low);
    }
}
