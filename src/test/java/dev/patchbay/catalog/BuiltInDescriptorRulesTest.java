package dev.patchbay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline rules every built-in descriptor follows, beyond what the parser enforces: its URLs are
 * https, well formed and on the provider's own domains; its scopes are unique; its schemas are closed
 * and mark every secret writeOnly; every placeholder can be filled from the setup; every pattern
 * explains itself; and what the descriptor leaves out is said in a {@code # gap:} line.
 *
 * <p>The domain rule: a URL's host, once its placeholders are filled with their defaults (or a sample
 * label), must end with the registrable domain of the descriptor's {@code docs_url}, with a domain
 * whose first label is the provider's slug or one of its hyphen-separated words (linkedin.com for
 * linkedin), or with one of {@link #OTHER_DOMAINS} for the provider. A URL that starts with a
 * placeholder without a default (a server the operator names) is checked by the placeholder's pattern
 * instead, which must require https.
 */
class BuiltInDescriptorRulesTest {
    private static final List<BuiltInDescriptors.Entry> ENTRIES = BuiltInDescriptors.load();

    /** Domains a provider also serves from that neither its docs_url nor its slug reveals; reviewed by hand. */
    private static final Map<String, Set<String>> OTHER_DOMAINS = Map.ofEntries(
            Map.entry("google.com", Set.of("googleapis.com")),
            Map.entry("google.dev", Set.of("googleapis.com")),
            Map.entry("microsoft.com", Set.of("microsoftonline.com", "azure.com")),
            Map.entry("basecamp", Set.of("37signals.com")),
            Map.entry("freshsales", Set.of("myfreshworks.com")),
            Map.entry("postman", Set.of("getpostman.com")),
            Map.entry("harvest", Set.of("harvestapp.com")),
            Map.entry("webex", Set.of("webexapis.com")),
            Map.entry("vonage", Set.of("nexmo.com")),
            Map.entry("constant-contact", Set.of("cc.email")),
            Map.entry("help-scout", Set.of("helpscout.net")),
            Map.entry("dropbox", Set.of("dropboxapi.com")),
            Map.entry("hubspot", Set.of("hubapi.com")),
            Map.entry("shopify", Set.of("myshopify.com")),
            Map.entry("segment", Set.of("segmentapis.com")));

    /** Public identifiers whose names look like secrets (a Trello app key, a Vonage API key). */
    private static final Set<String> PUBLIC_IDENTIFIERS = Set.of("trello.app_key", "vonage.api_key");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    /** An https URL whose whole host is one placeholder. */
    private static final Pattern HOST_PLACEHOLDER = Pattern.compile("https://\\{([A-Za-z0-9_.]+)}(/|$)");
    private static final Pattern SECRET_NAME = Pattern.compile("(secret|password|token|_key$|^key$|^api_key$)");
    private static final Set<String> TWO_LEVEL_SUFFIXES = Set.of("co", "com", "net", "org", "gov", "ac", "edu");

    @Test
    void every_url_is_https_well_formed_and_on_the_providers_own_domains() {
        List<String> problems = new ArrayList<>();
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            ProviderDescriptor p = entry.descriptor();
            for (String url : urls(p)) {
                String problem = urlProblem(p, url.equals(p.docsUrl()) ? url.replaceFirst("#.*$", "") : url);
                if (problem != null) {
                    problems.add(p.slug() + ": " + url + ": " + problem);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void default_scope_names_are_unique() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            List<String> names = entry.descriptor().defaultScopes().stream().map(Scope::name).toList();
            assertThat(names).as(entry.descriptor().slug()).doesNotHaveDuplicates();
        }
    }

    @Test
    void every_schema_is_closed_and_every_secret_is_write_only() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            ProviderDescriptor p = entry.descriptor();
            for (ConfigSchema schema : schemas(p)) {
                assertThat(schema.json().path("additionalProperties").isBoolean()
                        && !schema.json().path("additionalProperties").asBoolean()).as(p.slug()).isTrue();
                schema.json().path("properties").properties().forEach(property -> {
                    String name = property.getKey();
                    if (SECRET_NAME.matcher(name).find() && !PUBLIC_IDENTIFIERS.contains(p.slug() + "." + name)) {
                        assertThat(schema.secretFields()).as(p.slug() + ": " + name + " looks like a secret")
                                .contains(name);
                    }
                });
            }
        }
    }

    @Test
    void every_placeholder_can_be_filled_from_the_setup() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            ProviderDescriptor p = entry.descriptor();
            List<String> templates = new ArrayList<>();
            if (p.oauth2() != null) {
                templates.addAll(oauthUrls(p.oauth2()));
            }
            if (p.api() != null) {
                templates.add(p.api().baseUrl());
                templates.addAll(p.api().headers().values());
                templates.addAll(p.api().query().values());
                if (p.api().basicAuth() != null) {
                    templates.add(p.api().basicAuth().username());
                    templates.add(p.api().basicAuth().password());
                }
            }
            for (String template : templates) {
                for (String name : placeholders(template)) {
                    assertThat(fillable(p, name)).as(p.slug() + ": {" + name + "} in " + template
                            + " is required, has a default, or comes from the connection").isTrue();
                }
            }
            // Mailchimp's data center is the suffix of its key: a setup without server_prefix or base_url has no URL.
            if (p.verify() instanceof VerifySpec.Probe probe && !p.slug().equals("mailchimp")) {
                // The check tries its URLs in order; at least one must be fillable from every setup.
                assertThat(probe.urls().stream().anyMatch(url -> placeholders(url).stream().allMatch(n -> fillable(p, n))))
                        .as(p.slug() + ": a verify URL every setup can fill").isTrue();
            }
        }
    }

    @Test
    void every_pattern_says_in_plain_words_what_it_wants() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            ProviderDescriptor p = entry.descriptor();
            for (ConfigSchema schema : schemas(p)) {
                schema.json().path("properties").properties().forEach(property -> {
                    if (property.getValue().has("pattern")) {
                        assertThat(property.getValue().path("x-pattern-message").asText())
                                .as(p.slug() + ": " + property.getKey()).isNotBlank();
                    }
                });
            }
        }
    }

    @Test
    void no_description_repeats_what_the_console_says_about_secrets() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            assertThat(entry.text().toLowerCase(Locale.ROOT)).as(entry.descriptor().slug())
                    .doesNotContain("stored encrypted").doesNotContain("never shown again");
        }
    }

    @Test
    void what_a_descriptor_leaves_out_is_said_in_a_gap_line() {
        for (BuiltInDescriptors.Entry entry : ENTRIES) {
            ProviderDescriptor p = entry.descriptor();
            if (p.authType() == AuthType.NONE) {
                continue;
            }
            if (p.api() == null) {
                assertThat(entry.gaps()).as(p.slug() + " has no api block").anyMatch(gap -> gap.startsWith("api"));
            }
            if (p.verify() instanceof VerifySpec.Unsupported) {
                assertThat(entry.gaps()).as(p.slug() + " has no check").anyMatch(gap -> gap.startsWith("verify"));
            }
        }
    }

    @Test
    void the_domain_rule_refuses_a_look_alike_host() {
        ProviderDescriptor github = ENTRIES.stream().map(BuiltInDescriptors.Entry::descriptor)
                .filter(p -> p.slug().equals("github")).findFirst().orElseThrow();

        assertThat(urlProblem(github, "https://github.com.evil.example/login/oauth/access_token")).isNotNull();
        assertThat(urlProblem(github, "http://github.com/login/oauth/access_token")).isNotNull();
        assertThat(urlProblem(github, "https://api.github.com/user")).isNull();
    }

    private static String urlProblem(ProviderDescriptor p, String template) {
        Matcher leading = PLACEHOLDER.matcher(template);
        if (leading.lookingAt()) {
            String name = leading.group(1);
            if (name.startsWith("connection.")) {
                return null; // a value the provider's own token response names
            }
            JsonNode property = p.configSchema().json().path("properties").path(name);
            if (!property.has("default")) {
                return property.path("pattern").asText().startsWith("^https://") ? null
                        : "starts with {" + name + "}, whose pattern does not require https";
            }
        }
        Matcher wholeHost = HOST_PLACEHOLDER.matcher(template);
        if (wholeHost.lookingAt()) {
            String name = wholeHost.group(1);
            if (name.startsWith("connection.")) {
                return null; // a host the provider's own token response names
            }
            JsonNode property = p.configSchema().json().path("properties").path(name);
            if (!property.has("default")) {
                return hostPatternProblem(p, name, property.path("pattern").asText());
            }
        }
        URI uri;
        try {
            uri = URI.create(fill(p, template));
        } catch (IllegalArgumentException e) {
            return "not a well-formed URL";
        }
        if (!"https".equals(uri.getScheme())) {
            return "not https";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "no host, or user info or a fragment";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return ownDomains(p).stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain))
                || slugNamesDomain(p, host) ? null : "host " + host + " is not one of " + ownDomains(p);
    }

    /**
     * A host that is wholly a setup property (an Okta org, a Shopify shop) is as safe as its pattern:
     * the pattern must take a host under one of the provider's domains and refuse a foreign one.
     */
    private static String hostPatternProblem(ProviderDescriptor p, String name, String pattern) {
        if (pattern.isEmpty()) {
            return "the host is {" + name + "}, which has no pattern";
        }
        Pattern compiled = Pattern.compile(pattern);
        boolean takesOwn = ownDomains(p).stream().anyMatch(domain -> compiled.matcher("sample." + domain).matches());
        boolean refusesForeign = !compiled.matcher("sample.evil.example").matches()
                && !compiled.matcher("evil.example").matches();
        return takesOwn && refusesForeign ? null
                : "the host is {" + name + "}, whose pattern does not keep it under " + ownDomains(p);
    }

    private static Set<String> ownDomains(ProviderDescriptor p) {
        Set<String> domains = new HashSet<>();
        String docs = registrableDomain(URI.create(p.docsUrl()).getHost());
        domains.add(docs);
        domains.addAll(OTHER_DOMAINS.getOrDefault(docs, Set.of()));
        domains.addAll(OTHER_DOMAINS.getOrDefault(p.slug(), Set.of()));
        return domains;
    }

    private static boolean slugNamesDomain(ProviderDescriptor p, String host) {
        String label = registrableDomain(host).split("\\.")[0];
        return label.equals(p.slug().replace("-", "")) || List.of(p.slug().split("-")).contains(label);
    }

    static String registrableDomain(String host) {
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        int n = labels.length;
        if (n >= 3 && labels[n - 1].length() == 2 && TWO_LEVEL_SUFFIXES.contains(labels[n - 2])) {
            return labels[n - 3] + "." + labels[n - 2] + "." + labels[n - 1];
        }
        return n >= 2 ? labels[n - 2] + "." + labels[n - 1] : host;
    }

    /** Fills each placeholder with its default, its first enum value, or a sample label. */
    private static String fill(ProviderDescriptor p, String template) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            JsonNode property = p.configSchema().json().path("properties").path(placeholder.group(1));
            String value = property.has("default") ? property.get("default").asText()
                    : property.path("enum").isArray() ? property.path("enum").get(0).asText() : "sample";
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }

    private static boolean fillable(ProviderDescriptor p, String name) {
        if (name.startsWith("connection.")) {
            return p.oauth2() != null && p.oauth2().connectionValues().contains(name.substring("connection.".length()));
        }
        if (p.connectionSchema() != null && p.connectionSchema().json().path("properties").has(name)) {
            return true;
        }
        return p.configSchema().isRequired(name) || p.configSchema().json().path("properties").path(name).has("default");
    }

    private static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    private static List<String> urls(ProviderDescriptor p) {
        List<String> urls = new ArrayList<>();
        urls.add(p.docsUrl());
        if (p.oauth2() != null) {
            urls.addAll(oauthUrls(p.oauth2()));
        }
        if (p.api() != null) {
            urls.add(p.api().baseUrl());
        }
        if (p.verify() instanceof VerifySpec.Probe probe) {
            urls.addAll(probe.urls());
        }
        return urls;
    }

    private static List<String> oauthUrls(OAuthEndpoints oauth2) {
        List<String> urls = new ArrayList<>(List.of(oauth2.authorizationUrl(), oauth2.tokenUrl(), oauth2.refreshUrl()));
        if (oauth2.revocationUrl() != null) {
            urls.add(oauth2.revocationUrl());
        }
        if (oauth2.issuer() != null) {
            urls.add(oauth2.issuer());
        }
        return urls;
    }

    private static List<ConfigSchema> schemas(ProviderDescriptor p) {
        return p.connectionSchema() == null ? List.of(p.configSchema()) : List.of(p.configSchema(), p.connectionSchema());
    }
}
