package dev.patchbay.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Markdown file of the repository, read for its sections, fenced code blocks, links and headings. */
record MarkdownDoc(Path file, String text) {
    private static final Pattern FENCE = Pattern.compile("(?ms)^```([a-z]*)\\n(.*?)^```\\s*$");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)\\)|!\\[[^\\]]*]\\(([^)\\s]+)\\)|<(https?://[^>]+)>");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    /** A fenced block: its language tag (may be empty) and its text, which ends with a newline. */
    record Block(String language, String text) {
    }

    static MarkdownDoc read(Path file) {
        try {
            return new MarkdownDoc(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text from the level-2 heading {@code title} to the next level-2 heading. */
    MarkdownDoc section(String title) {
        int start = text.indexOf("\n## " + title + "\n");
        if (start < 0) {
            throw new AssertionError(file + " has no section '## " + title + "'");
        }
        int end = text.indexOf("\n## ", start + 1);
        return new MarkdownDoc(file, text.substring(start, end < 0 ? text.length() : end));
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    /** Every link target: Markdown links and images, and autolinks; code blocks are left out. */
    List<String> links() {
        String prose = FENCE.matcher(text).replaceAll("");
        prose = prose.replaceAll("`[^`\\n]*`", "");
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            for (int group = 1; group <= 3; group++) {
                if (m.group(group) != null) {
                    links.add(m.group(group));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub makes of the headings: lower case, punctuation dropped, spaces as hyphens. */
    List<String> anchors() {
        String prose = FENCE.matcher(text).replaceAll("");
        List<String> anchors = new ArrayList<>();
        Matcher m = HEADING.matcher(prose);
        while (m.find()) {
            anchors.add(m.group(1).trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
