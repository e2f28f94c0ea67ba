package dev.patchbay.http;

/** The closed set of problem types Patchbay answers with, each with its status and title. */
enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Bad Request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not Found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method Not Allowed"),
    REQUEST_TIMEOUT(408, "request-timeout", "Request Timeout"),
    SETUP_MISSING(409, "setup-missing", "Conflict"),
    CONCURRENT_CHANGE(409, "concurrent-change", "Conflict"),
    CONNECTION_NEEDS_REAUTH(409, "connection-needs-reauth", "Conflict"),
    CONNECTION_DISCONNECTED(409, "connection-disconnected", "Conflict"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Unprocessable Content"),
    REFRESH_UNAVAILABLE(503, "refresh-unavailable", "Service Unavailable"),
    REVISION_MISMATCH(412, "revision-mismatch", "Precondition Failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Content Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported Media Type"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too Many Requests"),
    VALIDATION_FAILED(422, "validation-failed", "Validation Failed"),
    VERIFICATION_FAILED(422, "verification-failed", "Verification Failed"),
    PROXY_PATH_REFUSED(400, "proxy-path-refused", "Bad Request"),
    PROXY_UNSUPPORTED(409, "proxy-unsupported", "Conflict"),
    UPSTREAM_REFUSED(502, "upstream-refused", "Bad Gateway"),
    UPSTREAM_UNREACHABLE(502, "upstream-unreachable", "Bad Gateway"),
    UPSTREAM_TIMEOUT(504, "upstream-timeout", "Gateway Timeout"),
    INTERNAL(500, "internal-error", "Internal Server Error"),
    STORE_UNAVAILABLE(503, "store-unavailable", "Service Unavailable"),
    BUSY(503, "busy", "Service Unavailable");

    private static final String BASE = "https://patchbay.dev/problems/";

    final int status;
    final String uri;
    final String title;

    ProblemType(int status, String name, String title) {
        this.status = status;
        this.uri = BASE + name;
        this.title = title;
    }
}
