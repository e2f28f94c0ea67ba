package dev.patchbay.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.BodyFormat;
import dev.patchbay.catalog.ClientAuth;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.catalog.VerifySpec;
import dev.patchbay.crypto.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The oauth2 check (RFC 6749 §4.1.3, §5.2): exchanges an authorization code that cannot be valid at
 * the provider's token URL with the client credentials. A provider answers a wrong client with
 * {@code invalid_client} (or HTTP 401) and a right client with {@code invalid_grant}, since it checks
 * the client before the code; the descriptor's {@code verify} block names the codes where a provider
 * uses others. Thread-safe.
 */
final class OAuthCodeExchange {
    /** Not a code any provider issued; providers reject it as an invalid grant once the client is authenticated. */
    static final String INVALID_CODE = "patchbay-verification-not-a-real-code";

    private final Outbound outbound;
    private final ObjectMapper json = new ObjectMapper();

    OAuthCodeExchange(Outbound outbound) {
        this.outbound = outbound;
    }

    Verdict check(ProviderDescriptor provider, VerifySpec.TokenExchange spec, SetupConfig config, Scrubber scrubber) {
        Placeholders placeholders = new Placeholders(provider.configSchema(), config);
        Placeholders.Filled url = placeholders.url(provider.oauth2().tokenUrl());
        if (!url.complete()) {
            return Verdict.failed(Reason.NOT_SUPPORTED, "the token URL needs " + Targets.names(url.missing())
                    + ", which the setup does not have");
        }
        URI target = Targets.parse(url.text());
        if (target == null) {
            return Verdict.failed(Reason.REJECTED, "the token URL built from the setup is not a valid http(s) URL");
        }
        String clientId = config.value("client_id");
        Secret clientSecret = config.secrets().get("client_secret");
        if (clientId == null || clientSecret == null) {
            return Verdict.failed(Reason.NOT_SUPPORTED, "the setup has no client_id and client_secret to check");
        }
        HttpRequest request;
        try {
            request = tokenRequest(target, provider, spec, clientId, clientSecret, config.value("redirect_uri"));
        } catch (IllegalArgumentException e) {
            return Verdict.failed(Reason.REJECTED, "the client credentials cannot be sent in an HTTP request");
        }
        Outbound.Answer answer;
        try {
            answer = outbound.send(request);
        } catch (Exception e) {
            return Failures.classify(e, target.getHost(), outbound.limit());
        }
        return judge(answer, spec, target.getHost(), scrubber);
    }

    private HttpRequest tokenRequest(URI target, ProviderDescriptor provider, VerifySpec.TokenExchange spec,
                                     String clientId, Secret clientSecret,
                                     String redirectUri) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", INVALID_CODE);
        if (redirectUri != null) {
            params.put("redirect_uri", redirectUri);
        }
        HttpRequest.Builder builder = outbound.request(target);
        // Plaintext leaves here only for the provider's own token endpoint, which issued it.
        String secret = clientSecret.revealPlaintext();
        if (provider.oauth2().clientAuth() == ClientAuth.BASIC) {
            String credentials = clientId + ":" + secret;
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            params.put("client_id", clientId);
            params.put("client_secret", secret);
        }
        String body;
        if (provider.oauth2().requestFormat() == BodyFormat.JSON) {
            ObjectNode object = json.createObjectNode();
            params.forEach(object::put);
            body = object.toString();
            builder.header("Content-Type", "application/json");
        } else {
            body = params.entrySet().stream()
                    .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        builder.header("Accept", spec.responseFormat() == BodyFormat.JSON
                ? "application/json" : "application/x-www-form-urlencoded");
        return builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private Verdict judge(Outbound.Answer answer, VerifySpec.TokenExchange spec, String host, Scrubber scrubber) {
        Verdict unusable = Failures.unusable(answer.status(), host);
        if (unusable != null) {
            return unusable;
        }
        String error = errorCode(answer, spec, scrubber);
        String what = "HTTP " + answer.status() + (error == null ? ", no error code" : ", error " + error);
        if (error != null && spec.acceptedErrors().contains(error)) {
            return Verdict.ok("the token endpoint of " + host + " accepted the client credentials (" + what + ")");
        }
        if ((error != null && spec.rejectedErrors().contains(error)) || answer.status() == 401) {
            return Verdict.failed(Reason.REJECTED, "the token endpoint of " + host
                    + " rejected the client credentials (" + what + ")");
        }
        return Verdict.failed(Reason.REJECTED, "the token endpoint of " + host
                + " did not confirm the client credentials (" + what + ")");
    }

    /**
     * The provider's error code as a short token, or null when the answer has none. It is scrubbed
     * before it is cut: a cut secret could no longer be recognised.
     */
    private String errorCode(Outbound.Answer answer, VerifySpec.TokenExchange spec, Scrubber scrubber) {
        String raw = null;
        if (spec.responseFormat() == BodyFormat.JSON) {
            try {
                JsonNode node = json.readTree(answer.body()).at(spec.errorField());
                raw = node.isTextual() ? node.asText() : null;
            } catch (IOException | RuntimeException e) {
                raw = null; // not JSON: the status alone decides
            }
        } else {
            String field = spec.errorField().substring(1);
            for (String pair : new String(answer.body(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && decode(pair.substring(0, eq)).equals(field)) {
                    raw = decode(pair.substring(eq + 1));
                    break;
                }
            }
        }
        return raw == null ? null : Targets.token(scrubber.scrub(raw));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
