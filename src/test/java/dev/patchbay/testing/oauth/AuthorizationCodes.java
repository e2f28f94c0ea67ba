package dev.patchbay.testing.oauth;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Authorization codes: random, single use, short-lived, bound to the client, the redirect URI and
 * the PKCE challenge of their authorization request. Thread-safe (every method is synchronized, so
 * two concurrent redemptions of one code cannot both succeed).
 */
final class AuthorizationCodes {
    private final Map<String, Slot> codes = new HashMap<>();
    private final RandomValues random;

    AuthorizationCodes(RandomValues random) {
        this.random = random;
    }

    /** What an approved authorization request granted; {@code codeChallenge} is null without PKCE. */
    record Code(String clientId, String redirectUri, List<String> scopes, String codeChallenge, String userId,
                Instant expiresAt) {
    }

    /** Success: {@code code} and the new grant's {@code family}. Failure: {@code error}, and {@code family} > 0 when a used code came back. */
    record Redemption(Code code, int family, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private static final class Slot {
        final Code code;
        boolean used;
        int family;

        Slot(Code code) {
            this.code = code;
        }
    }

    synchronized String issue(Code code) {
        String value = random.token("fake-code-");
        codes.put(value, new Slot(code));
        return value;
    }

    /**
     * Redeems {@code value} when {@code check} (returning an OAuth error code, or null when the
     * request matches the code) passes; the code then belongs to the grant {@code newFamily} numbers.
     * A failed check leaves the code redeemable.
     */
    synchronized Redemption redeem(String value, Function<Code, String> check, IntSupplier newFamily) {
        Slot slot = value == null ? null : codes.get(value);
        if (slot == null) {
            return new Redemption(null, 0, "invalid_grant");
        }
        if (slot.used) {
            return new Redemption(null, slot.family, "invalid_grant");
        }
        String error = check.apply(slot.code);
        if (error != null) {
            return new Redemption(null, 0, error);
        }
        slot.used = true;
        slot.family = newFamily.getAsInt();
        return new Redemption(slot.code, slot.family, null);
    }
}
