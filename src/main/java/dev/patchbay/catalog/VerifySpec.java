package dev.patchbay.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a provider's setup is checked against the real service, from the descriptor's {@code verify}
 * block: an OAuth invalid-code exchange, one cheap authenticated request, or no check at all.
 * Immutable. Templates hold {@code {property}} placeholders that name {@code config_schema} properties.
 */
public sealed interface VerifySpec permits VerifySpec.TokenExchange, VerifySpec.Probe, VerifySpec.Unsupported {

    /**
     * oauth2: exchange a deliberately invalid authorization code at the token URL. An error code in
     * {@code acceptedErrors} means the client credentials were accepted; one in {@code rejectedErrors},
     * or HTTP 401, that they were not. {@code errorField} is a JSON pointer to the error code (a single
     * segment when the response is a form). How the request authenticates the client and encodes its
     * body is the oauth2 block's ({@link OAuthEndpoints#clientAuth()}, {@link OAuthEndpoints#requestFormat()}),
     * shared with the code exchange and the refresh.
     */
    record TokenExchange(BodyFormat responseFormat, String errorField, Set<String> acceptedErrors,
                         Set<String> rejectedErrors) implements VerifySpec {
        /** What RFC 6749 prescribes: a JSON error (§5.2) with invalid_grant and invalid_client. */
        public static final TokenExchange RFC_6749 = new TokenExchange(BodyFormat.JSON, "/error",
                Set.of("invalid_grant"), Set.of("invalid_client"));

        public TokenExchange {
            Objects.requireNonNull(responseFormat, "responseFormat");
            Objects.requireNonNull(errorField, "errorField");
            acceptedErrors = Set.copyOf(acceptedErrors);
            rejectedErrors = Set.copyOf(rejectedErrors);
        }
    }

    /**
     * api_key and basic: one authenticated, read-only request. {@code urls} are tried in order and the
     * first whose placeholders the setup can fill is used; a header whose placeholders cannot be filled
     * is left out. {@code basicAuth} is null unless the credential goes in HTTP Basic authentication.
     */
    record Probe(String method, List<String> urls, Map<String, String> headers, BasicAuth basicAuth,
                 Set<Integer> acceptedStatuses, Set<Integer> rejectedStatuses) implements VerifySpec {
        public Probe {
            Objects.requireNonNull(method, "method");
            urls = List.copyOf(urls);
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            acceptedStatuses = Set.copyOf(acceptedStatuses);
            rejectedStatuses = Set.copyOf(rejectedStatuses);
        }
    }

    /** User name and password templates of HTTP Basic authentication. */
    record BasicAuth(String username, String password) {
        public BasicAuth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /** No check is possible; {@code why} says so in a sentence a client can show. */
    record Unsupported(String why) implements VerifySpec {
        public Unsupported {
            Objects.requireNonNull(why, "why");
        }
    }
}
