package dev.patchbay.http;

import dev.patchbay.catalog.AuthType;
import dev.patchbay.setup.ListQuery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the query string of the provider list into a {@link ListQuery}. Strict on purpose: an
 * unknown or repeated parameter is a 400, so a typo such as {@code setup_completed=true} cannot
 * silently return an unfiltered list.
 */
final class ListParams {
    private static final Set<String> KNOWN = Set.of("setup_complete", "last_verification", "auth_type", "category", "q", "limit", "cursor");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final int MAX_QUERY_LENGTH = 200;

    private ListParams() {
    }

    static ListQuery parse(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!KNOWN.contains(param.getKey())) {
                throw bad("unknown query parameter '" + printable(param.getKey())
                        + "'; known: setup_complete, last_verification, auth_type, category, q, limit, cursor");
            }
            if (param.getValue().size() > 1) {
                throw bad("query parameter '" + param.getKey() + "' is given more than once");
            }
        }
        return new ListQuery(
                setupComplete(single(params, "setup_complete")),
                verifiedOk(single(params, "last_verification")),
                authType(single(params, "auth_type")),
                category(single(params, "category")),
                query(single(params, "q")),
                PageLimit.parse(single(params, "limit"), ListQuery.DEFAULT_LIMIT, ListQuery.MAX_LIMIT),
                cursor(single(params, "cursor")));
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Boolean setupComplete(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw bad("setup_complete must be true or false");
        };
    }

    private static Boolean verifiedOk(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "ok" -> Boolean.TRUE;
            case "failed" -> Boolean.FALSE;
            default -> throw bad("last_verification must be ok or failed");
        };
    }

    private static AuthType authType(String value) {
        if (value == null) {
            return null;
        }
        return AuthType.parse(value).orElseThrow(() -> bad("auth_type must be one of oauth2, api_key, basic, none"));
    }

    private static String category(String value) {
        if (value != null && !CATEGORY.matcher(value).matches()) {
            throw bad("category must be lower-case letters, digits and '-', at most 63 characters");
        }
        return value;
    }

    private static String query(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_QUERY_LENGTH) {
            throw bad("q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static String cursor(String value) {
        if (value == null) {
            return null;
        }
        String slug = ProviderJson.Cursors.decode(value);
        if (slug == null) {
            throw bad("cursor is not a next_cursor value returned by this API");
        }
        return slug;
    }

    private static HttpProblem bad(String detail) {
        return new HttpProblem(ProblemType.BAD_REQUEST, detail);
    }

    /** Parameter names are echoed in details; keep them short and printable. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
