package dev.patchbay.http;

import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what conditions a write: {@code If-Match} and the {@code dry_run} and {@code verify} query parameters. */
final class WriteParams {
    /** A provider's tag: its revision, then, once it has connections, their counts (which If-Match ignores). */
    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"(\\d{1,18})(?:\\.\\d{1,18}\\.\\d{1,18})?\"\\s*");

    private WriteParams() {
    }

    /**
     * The revision named by {@code If-Match}: null when absent or {@code *} (every provider exists);
     * when several tags are listed, the one equal to {@code current} if any. A weak tag never matches.
     */
    static Long ifMatch(Context ctx, long current) {
        String header = ctx.header("If-Match");
        if (header == null || header.strip().equals("*")) {
            return null;
        }
        Long first = null;
        for (String tag : header.split(",")) {
            if (tag.strip().startsWith("W/")) {
                first = first == null ? -1L : first;
                continue;
            }
            Matcher strong = STRONG_TAG.matcher(tag);
            if (!strong.matches()) {
                throw new HttpProblem(ProblemType.BAD_REQUEST,
                        "If-Match must be an entity tag as sent in ETag, such as \"3\", or *.");
            }
            long revision = Long.parseLong(strong.group(1));
            if (revision == current) {
                return revision;
            }
            first = first == null ? revision : first;
        }
        return first;
    }

    /** {@code dry_run=true|false}; any query parameter of a write but {@code dry_run} and {@code verify} is a 400. */
    static boolean dryRun(Context ctx) {
        return flag(ctx, "dry_run");
    }

    /** {@code verify=true|false}, on the same terms as {@link #dryRun}. */
    static boolean verify(Context ctx) {
        return flag(ctx, "verify");
    }

    /** A call that takes no query parameter at all: any is a 400. */
    static void none(Context ctx) {
        if (!ctx.queryParamMap().isEmpty()) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "this call takes no query parameters");
        }
    }

    private static boolean flag(Context ctx, String name) {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (String known : params.keySet()) {
            if (!known.equals("dry_run") && !known.equals("verify")) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "unknown query parameter; known: dry_run, verify");
            }
        }
        List<String> values = params.get(name);
        if (values == null) {
            return false;
        }
        if (values.size() == 1 && values.get(0).equals("true")) {
            return true;
        }
        if (values.size() == 1 && values.get(0).equals("false")) {
            return false;
        }
        throw new HttpProblem(ProblemType.BAD_REQUEST, name + " must be given once, as true or false");
    }
}
