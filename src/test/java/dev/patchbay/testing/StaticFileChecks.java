package dev.patchbay.testing;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests of the pages Patchbay serves from the jar ({@code /docs}, {@code /console}) share. */
public final class StaticFileChecks {
    private static final Map<String, String> TYPES = Map.of(
            ".js", "text/javascript", ".css", "text/css", ".png", "image/png", ".svg", "image/svg+xml");

    private StaticFileChecks() {
    }

    /** The first group of every match of {@code pattern} in {@code text}, in order, once each. */
    public static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** The media type a file of that name must be served with. */
    public static String expectedType(String path) {
        return TYPES.entrySet().stream().filter(type -> path.endsWith(type.getKey())).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("unexpected file type " + path));
    }
}
