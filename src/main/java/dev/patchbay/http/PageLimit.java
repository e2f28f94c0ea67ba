package dev.patchbay.http;

/** The {@code limit} query parameter of a listing: absent means the default, otherwise 1 to {@code max}. */
final class PageLimit {
    private PageLimit() {
    }

    static int parse(String value, int defaultLimit, int max) {
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the same answer as an out-of-range number
        }
        throw new HttpProblem(ProblemType.BAD_REQUEST, "limit must be an integer from 1 to " + max);
    }
}
