package dev.patchbay.http;

import java.util.Map;

/**
 * A failure of the HTTP exchange itself (bad parameter, missing key, wrong media type) rather than of
 * the domain; {@link ProblemMapper} renders it. {@code headers} are added to the response.
 */
final class HttpProblem extends RuntimeException {
    final ProblemType type;
    final String detail;
    final Map<String, String> headers;

    HttpProblem(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    HttpProblem(ProblemType type, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }
}
