package dev.patchbay.http;

import io.javalin.http.Context;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what conditions a write: {@code If-Match} and the {@code dry_run} and {@code verify} query parameters. */
final class WriteParams {
    /** {@code "<revision>"}, or the whole tag {@link EntityTags} sends; a write is judged by its revision. */
    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"(\\d{1,18})(?:-[0-9a-f]{8})?\"\\s*");

    private WriteParams() {
    }

    /**
     * The revisions listed in {@code If-Match}: null when absent or {@code *} (every provider exists).
     * A weak tag never matches, so a list of weak tags only is an empty set. The service judges them,
     * against the store where memory could be stale.
     */
    static Set<Long> ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.strip().equals("*")) {
            return null;
        }
        Set<Long> revisions = new LinkedHashSet<>();
        for (String tag : header.split(",")) {
            if (tag.strip().startsWith("W/")) {
                continue;
            }
            Matcher strong = STRONG_TAG.matcher(tag);
            if (!strong.matches()) {
                throw new HttpProblem(ProblemType.BAD_REQUEST,
                        "If-Match must be an entity tag as sent in ETag, such as \"3\", or *.");
            }
            revisions.add(Long.parseLong(strong.group(1)));
        }
        return Set.copyOf(revisions);
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
