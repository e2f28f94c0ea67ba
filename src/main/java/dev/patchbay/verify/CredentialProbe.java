package dev.patchbay.verify;

import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.catalog.VerifySpec;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The api_key and basic check: one cheap, read-only request that carries the credential the way the
 * descriptor says (a header such as {@code Authorization: Bearer {api_key}}, or HTTP Basic
 * authentication from two fields), judged by the descriptor's accepted and rejected statuses.
 * Thread-safe.
 */
final class CredentialProbe {
    private final Outbound outbound;

    CredentialProbe(Outbound outbound) {
        this.outbound = outbound;
    }

    Verdict check(ProviderDescriptor provider, VerifySpec.Probe spec, SetupConfig config) {
        Placeholders placeholders = new Placeholders(provider.configSchema(), config);
        String url = null;
        Set<String> missing = new LinkedHashSet<>();
        for (String template : spec.urls()) {
            Placeholders.Filled filled = placeholders.url(template);
            if (filled.complete()) {
                url = filled.text();
                break;
            }
            missing.addAll(filled.missing());
        }
        if (url == null) {
            return Verdict.failed(Reason.NOT_SUPPORTED, "the check URL needs " + Targets.names(new ArrayList<>(missing))
                    + ", which the setup does not have");
        }
        URI target = Targets.parse(url);
        if (target == null) {
            return Verdict.failed(Reason.REJECTED, "the check URL built from the setup is not a valid http(s) URL");
        }
        HttpRequest request;
        try {
            request = probeRequest(target, spec, placeholders);
        } catch (IllegalArgumentException e) {
            // The JDK refuses e.g. a line break in a header value; its message would quote the value.
            return Verdict.failed(Reason.REJECTED, "a configured value cannot be sent in an HTTP header");
        }
        if (request == null) {
            return Verdict.failed(Reason.NOT_SUPPORTED, "the setup lacks a value the check's credentials need");
        }
        Outbound.Answer answer;
        try {
            answer = outbound.send(request);
        } catch (Exception e) {
            return Failures.classify(e, target.getHost(), outbound.limit());
        }
        return judge(answer.status(), spec, target.getHost());
    }

    /** The request, or null when the Basic credentials cannot be filled in. */
    private HttpRequest probeRequest(URI target, VerifySpec.Probe spec, Placeholders placeholders) {
        HttpRequest.Builder builder = outbound.request(target).method(spec.method(), HttpRequest.BodyPublishers.noBody());
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            Placeholders.Filled value = placeholders.text(header.getValue());
            if (value.complete()) { // an optional header (e.g. an organization id) is left out when unset
                builder.setHeader(header.getKey(), value.text());
            }
        }
        if (spec.basicAuth() != null) {
            Placeholders.Filled username = placeholders.text(spec.basicAuth().username());
            Placeholders.Filled password = placeholders.text(spec.basicAuth().password());
            if (!username.complete() || !password.complete()) {
                return null;
            }
            String credentials = username.text() + ":" + password.text();
            builder.setHeader("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    private static Verdict judge(int status, VerifySpec.Probe spec, String host) {
        if (spec.acceptedStatuses().contains(status)) {
            return Verdict.ok(host + " accepted the credentials (HTTP " + status + ")");
        }
        if (spec.rejectedStatuses().contains(status)) {
            return Verdict.failed(Reason.REJECTED, host + " rejected the credentials (HTTP " + status + ")");
        }
        Verdict unusable = Failures.unusable(status, host);
        if (unusable != null) {
            return unusable;
        }
        return Verdict.failed(Reason.REJECTED, host + " answered HTTP " + status + ", which the descriptor lists "
                + "as neither accepted " + sorted(spec.acceptedStatuses()) + " nor rejected");
    }

    private static List<Integer> sorted(Set<Integer> statuses) {
        List<Integer> list = new ArrayList<>(statuses);
        list.sort(null);
        return list;
    }
}
