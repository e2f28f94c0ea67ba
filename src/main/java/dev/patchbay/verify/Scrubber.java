package dev.patchbay.verify;

import dev.patchbay.crypto.Secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes every secret of a setup from text that is kept (a result's detail), in the forms a service
 * could echo it back in: as it is, or form- or percent-encoded. Details
 * are built from codes, not from response bodies, so this is the second line of defence, not the first.
 */
final class Scrubber {
    private final List<String> needles;

    private Scrubber(List<String> needles) {
        this.needles = needles;
    }

    static Scrubber of(SetupConfig config) {
        Set<String> needles = new LinkedHashSet<>();
        for (Secret secret : config.secrets().values()) {
            String plain = secret.revealPlaintext();
            if (plain.isEmpty()) {
                continue;
            }
            needles.add(plain);
            needles.add(URLEncoder.encode(plain, StandardCharsets.UTF_8));
            needles.add(URLEncoder.encode(plain, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        List<String> longestFirst = new ArrayList<>(needles);
        // A longer form may contain a shorter one; replacing it first leaves nothing of it behind.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        return new Scrubber(longestFirst);
    }

    String scrub(String text) {
        String scrubbed = text;
        for (String needle : needles) {
            scrubbed = scrubbed.replace(needle, Secret.MASK);
        }
        return scrubbed;
    }
}
