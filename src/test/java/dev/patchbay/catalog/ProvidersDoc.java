package dev.patchbay.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Renders docs/providers.md from the built-in catalog: what each provider can do, and its gaps. */
final class ProvidersDoc {
    static final String PATH = "docs/providers.md";

    private ProvidersDoc() {
    }

    static String render(List<BuiltInDescriptors.Entry> entries) {
        StringBuilder md = new StringBuilder();
        long verify = entries.stream().filter(e -> !(e.descriptor().verify() instanceof VerifySpec.Unsupported)).count();
        long connect = entries.stream().filter(e -> e.descriptor().oauth2() != null).count();
        long proxy = entries.stream().filter(e -> e.descriptor().api() != null).count();
        TreeSet<String> categories = new TreeSet<>();
        entries.forEach(e -> categories.add(e.descriptor().category()));
        md.append("# Built-in providers\n\n")
                .append("Generated from `src/main/resources/providers/*.yaml` by `ProvidersDocTest`; do not edit by hand.\n")
                .append("After changing a descriptor, run `mvn -q -o test -Dtest=ProvidersDocTest`: it rewrites this file\n")
                .append("when it is out of date (and fails once, so that the new file gets committed). To add a provider,\n")
                .append("or replace a built-in one by its slug, put a descriptor in the directory `PATCHBAY_PROVIDERS_DIR`\n")
                .append("names; [api.md](api.md#provider-descriptors) describes the format.\n\n")
                .append(entries.size()).append(" providers in ").append(categories.size()).append(" categories; ")
                .append(verify).append(" with a verification check, ")
                .append(connect).append(" with a connect flow (OAuth 2.0 authorization and token URLs), ")
                .append(proxy).append(" with a proxy base URL.\n\n")
                .append("- **Verify**: how `POST …/verify` checks a setup: `token exchange` (an invalid code sent to the\n")
                .append("  token URL with the client credentials), `request` (one cheap read-only call), or `—` (none).\n")
                .append("- **Connect**: `yes` when end users can connect an account through the OAuth flow.\n")
                .append("- **Proxy**: the host of `api.base_url`, which the proxy calls as a connection; `—` when unknown.\n")
                .append("- Each provider's `docs_url` (in its descriptor and in the API) names the page its facts come from.\n\n")
                .append("| Provider | Slug | Category | Auth | Verify | Connect | Proxy |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (BuiltInDescriptors.Entry entry : entries) {
            ProviderDescriptor p = entry.descriptor();
            md.append("| ").append(p.displayName()).append(" | `")
                    .append(p.slug()).append("` | ").append(p.category()).append(" | ").append(p.authType().wire())
                    .append(" | ").append(verify(p.verify())).append(" | ").append(p.oauth2() != null ? "yes" : "—")
                    .append(" | ").append(p.api() == null ? "—" : "`" + host(p.api().baseUrl()) + "`").append(" |\n");
        }
        md.append("\n## Gaps\n\n")
                .append("What a descriptor leaves out, and why: a field is left out rather than guessed when the\n")
                .append("provider's documentation could not confirm it.\n\n");
        for (BuiltInDescriptors.Entry entry : entries) {
            List<String> gaps = gaps(entry);
            if (!gaps.isEmpty()) {
                md.append("- **").append(entry.descriptor().displayName()).append("** (`")
                        .append(entry.descriptor().slug()).append("`)\n");
                gaps.forEach(gap -> md.append("  - ").append(gap).append('\n'));
            }
        }
        return md.toString();
    }

    /**
     * The descriptor's own "# gap:" lines, plus a line for a missing api block or verification check
     * that no gap line explains (a provider without credentials, such as Hacker News).
     */
    static List<String> gaps(BuiltInDescriptors.Entry entry) {
        List<String> gaps = new ArrayList<>(entry.gaps());
        if (entry.descriptor().api() == null && entry.gaps().stream().noneMatch(gap -> gap.startsWith("api"))) {
            gaps.add("api.base_url: not described yet, so the proxy cannot call this provider");
        }
        if (entry.descriptor().verify() instanceof VerifySpec.Unsupported
                && entry.gaps().stream().noneMatch(gap -> gap.startsWith("verify"))) {
            gaps.add("verify: no verification check described yet");
        }
        return gaps;
    }

    private static String verify(VerifySpec spec) {
        if (spec instanceof VerifySpec.TokenExchange) {
            return "token exchange";
        }
        return spec instanceof VerifySpec.Probe ? "request" : "—";
    }

    /** The host part of a base URL, placeholders and all ({subdomain}.zendesk.com). */
    private static String host(String baseUrl) {
        String rest = baseUrl.startsWith("https://") ? baseUrl.substring("https://".length()) : baseUrl;
        int path = rest.indexOf('/');
        return path < 0 ? rest : rest.substring(0, path);
    }
}
