package dev.patchbay.verify;

import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.catalog.VerifySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Checks a setup against its real external service: the oauth2 invalid-code exchange, the api_key
 * and basic probe request, or {@code not_supported} when the descriptor has no check. Each outbound
 * call has {@code limit} in all (the contract's 5 seconds in production; less in tests) and goes only
 * to a URL from the descriptor or the setup's own URL fields, never to an internal address unless
 * {@code allowPrivate}. Never throws for anything the service or the network does: every outcome is
 * a {@link VerificationResult}. Thread-safe.
 */
public final class Verifier {
    /** The contract's limit for one outbound call. */
    public static final Duration LIMIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final Clock clock;
    private final OAuthCodeExchange tokenExchange;
    private final CredentialProbe probe;

    public Verifier(Duration limit, boolean allowPrivate, Clock clock) {
        this(limit, allowPrivate, clock, NameResolver.SYSTEM);
    }

    /** {@code names} finds the addresses the guard judges before each call. */
    public Verifier(Duration limit, boolean allowPrivate, Clock clock, NameResolver names) {
        if (limit.isNegative() || limit.isZero() || limit.compareTo(LIMIT) > 0) {
            throw new IllegalArgumentException("the verification time limit must be more than 0 and at most 5 seconds");
        }
        this.clock = clock;
        Outbound outbound = new Outbound(limit, new AddressGuard(allowPrivate), names);
        this.tokenExchange = new OAuthCodeExchange(outbound);
        this.probe = new CredentialProbe(outbound);
    }

    /** Checks {@code config} (the plaintext configuration of {@code provider}) against the service. */
    public VerificationResult verify(ProviderDescriptor provider, SetupConfig config) {
        Scrubber scrubber = Scrubber.of(config);
        Verdict verdict = check(provider, config, scrubber);
        VerificationResult result = new VerificationResult(verdict.reason() == null, verdict.reason(),
                scrubber.scrub(verdict.detail()), clock.instant());
        log.info("verification provider={} ok={} reason={} detail={}", provider.slug(), result.ok(),
                result.reason() == null ? "-" : result.reason().wire(), result.detail());
        return result;
    }

    private Verdict check(ProviderDescriptor provider, SetupConfig config, Scrubber scrubber) {
        VerifySpec spec = provider.verify();
        if (spec instanceof VerifySpec.TokenExchange exchange) {
            return tokenExchange.check(provider, exchange, config, scrubber);
        }
        if (spec instanceof VerifySpec.Probe request) {
            return probe.check(provider, request, config);
        }
        return Verdict.failed(Reason.NOT_SUPPORTED, ((VerifySpec.Unsupported) spec).why());
    }
}
