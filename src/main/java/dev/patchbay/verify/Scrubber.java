package dev.patchbay.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.crypto.Secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes every secret of a setup from text that is kept (a result's detail), in the forms a service
 * could echo it back in: as it is, form- or percent-encoded (with the encoders the requests use), and
 * in base64 as HTTP Basic authentication sends it, {@code base64(user:password)}, for every pairing of
 * the setup's values in which a secret takes part. Details are built from codes, not from response
 * bodies, so this is the second line of defence, not the first. Thread-safe (immutable).
 */
final class Scrubber {
    private final List<String> needles;

    private Scrubber(List<String> needles) {
        this.needles = needles;
    }

    static Scrubber of(SetupConfig config) {
        List<String> plainValues = new ArrayList<>();
        plainValues.add("");
        config.values().properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                plainValues.add(value.asText());
            }
        });
        List<String> secrets = new ArrayList<>();
        for (Secret secret : config.secrets().values()) {
            String plain = secret.revealPlaintext();
            if (!plain.isEmpty()) {
                secrets.add(plain);
            }
        }
        List<String> everyValue = new ArrayList<>(plainValues);
        everyValue.addAll(secrets);
        Set<String> needles = new LinkedHashSet<>();
        for (String secret : secrets) {
            needles.add(secret);
            needles.add(UrlEncoding.form(secret));
            needles.add(UrlEncoding.percent(secret));
            for (String other : everyValue) {
                // Basic credentials are one base64 string; the secret's own base64 is not a part of it.
                addBase64(needles, other + ":" + secret);
                addBase64(needles, secret + ":" + other);
            }
        }
        List<String> longestFirst = new ArrayList<>(needles);
        // A longer form may contain a shorter one; replacing it first leaves nothing of it behind.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        return new Scrubber(longestFirst);
    }

    /** The base64 of {@code credentials}, with and without its padding, which a service may drop. */
    private static void addBase64(Set<String> needles, String credentials) {
        String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        needles.add(encoded);
        needles.add(encoded.replace("=", ""));
    }

    String scrub(String text) {
        String scrubbed = text;
        for (String needle : needles) {
            scrubbed = scrubbed.replace(needle, Secret.MASK);
        }
        return scrubbed;
    }
}
