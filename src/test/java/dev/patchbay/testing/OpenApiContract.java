package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.testing.OpenApiDocument.Node;
import dev.patchbay.testing.OpenApiDocument.PathMatch;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contract test: checks one HTTP exchange against {@code src/main/resources/openapi.json} (the
 * document {@code /openapi.json} serves), so that code and document cannot drift. An exchange honours
 * the contract when
 * <ul>
 *   <li>its response is one the document gives for the operation: a documented status, its required
 *       headers with valid values, a documented media type and a body that its schema accepts (every
 *       object schema of a response is closed, so an undocumented field is a violation too;
 *       {@link OpenApiClosedSchemasTest} keeps them so);</li>
 *   <li>a request the document calls invalid (a missing key, an unknown or out-of-range parameter, a
 *       body of another media type or schema) was refused with a 4xx: a server that accepts what its
 *       document forbids has drifted as surely as one that answers something undocumented;</li>
 *   <li>a request to a path or method the document does not have was answered 404 or 405 (or, under
 *       {@code /v1/}, 401) with a body that the document's {@code Problem} schema accepts;</li>
 *   <li>a request HTTP itself calls malformed ({@link MalformedRequests}) was answered 400 with such a
 *       body;</li>
 *   <li>it is not a 5xx other than 503: an unexpected failure is never part of a passing exchange.</li>
 * </ul>
 * Thread-safe and immutable; the document is parsed once per test JVM.
 */
public final class OpenApiContract {
    /** The document on the test classpath: the reviewed file itself, copied by the build. */
    public static final String DOCUMENT = "openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiDocument document;

    private OpenApiContract(String text) {
        document = new OpenApiDocument(text);
    }

    /** The contract of the document on the classpath, parsed on first use. */
    public static OpenApiContract get() {
        return Holder.INSTANCE;
    }

    /** The text of the document on the classpath. */
    public static String documentText() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the exchange breaks the contract, one line per violation; empty when it honours it. */
    List<String> violations(Exchange exchange) {
        List<String> found = new ArrayList<>();
        Optional<String> malformed = MalformedRequests.why(exchange);
        Optional<PathMatch> path = malformed.isPresent() ? Optional.empty() : document.match(exchange.encodedPath());
        Node operation = path.map(p -> p.pathItem().get(exchange.method().toLowerCase(Locale.ROOT))).orElse(null);
        if (malformed.isPresent()) {
            if (exchange.status() != 400) {
                found.add("a malformed request (" + malformed.get() + ") must be answered 400");
            }
            checkProblem(exchange, found);
        } else if (operation == null) {
            checkUnmatched(exchange, found);
        } else {
            String name = exchange.method() + " " + path.get().template();
            new ResponseCheck(document, name, operation, exchange, found).run();
            List<String> refusable = new OpenApiRequestCheck(document, path.get(), operation, exchange).problems();
            if (!refusable.isEmpty() && (exchange.status() < 400 || exchange.status() > 499)) {
                found.add("the document calls the request invalid, yet it was answered " + exchange.status() + ": "
                        + refusable);
            }
        }
        boolean passthrough = operation != null && operation.value().path(PASSTHROUGH).asBoolean(false);
        if (exchange.status() >= 500 && exchange.status() != 503 && !(passthrough && exchange.status() != 500)) {
            found.add("an unexpected failure");
        }
        return found.stream()
                .map(v -> exchange.method() + " " + exchange.encodedPath() + " -> " + exchange.status() + ": " + v)
                .toList();
    }

    /**
     * A path or method the document does not have is answered 404 or 405; under {@code /v1/}, where
     * API.md has every call need a key, 401 with {@code WWW-Authenticate} too, since the key is checked
     * before the path is looked up.
     */
    private void checkUnmatched(Exchange exchange, List<String> found) {
        boolean keyFirst = exchange.status() == 401 && exchange.encodedPath().startsWith("/v1/")
                && exchange.responseHeader("WWW-Authenticate") != null;
        if (exchange.status() != 404 && exchange.status() != 405 && !keyFirst) {
            found.add("a path or method the document does not have must be answered 404 or 405"
                    + " (or, under /v1/, 401 with WWW-Authenticate)");
        }
        checkProblem(exchange, found);
    }

    /** The answer is a problem+json body that the document's {@code Problem} schema accepts. */
    private void checkProblem(Exchange exchange, List<String> found) {
        String contentType = exchange.responseHeader("Content-Type");
        if (contentType == null || !mediaType(contentType).equals("application/problem+json")) {
            found.add("the answer is " + contentType + ", not application/problem+json");
            return;
        }
        Node problem = document.root().get("components").get("schemas").get("Problem");
        parse(exchange.responseBody()).ifPresentOrElse(
                body -> document.validate(problem, body).forEach(error -> found.add("the problem body: " + error)),
                () -> found.add("the problem body is not JSON"));
    }

    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code answer} to a request written by hand, such as on a raw socket, with the ways the exchange
     * breaks the contract; {@code target} is the request line's target as sent (path and query, not
     * normalised), {@code requestBody} the body as the server reads it (null: none).
     */
    public static ApiResponse checked(String method, String target, Map<String, String> requestHeaders,
                                      String requestBody, ApiResponse answer) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        requestHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
        List<String> violations = get().violations(new Exchange(method, target, headers, requestBody,
                answer.status(), answer.headers(), answer.body()));
        return new ApiResponse(answer.status(), answer.headers(), answer.body(), answer.path(), violations);
    }

    /**
     * One request as it was sent and the answer as it was received; header names in any case.
     * {@code target} is the request line's target: the path as sent, then any query.
     */
    record Exchange(String method, String target, Map<String, List<String>> requestHeaders, String requestBody,
                    int status, Map<String, List<String>> responseHeaders, String responseBody) {
        /** The path as sent, still percent-encoded and not normalised. */
        String encodedPath() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        /** The query alone, parsed, for its parameters; no query gives none. */
        HttpUrl query() {
            int query = target.indexOf('?');
            return HttpUrl.get("http://127.0.0.1/" + (query < 0 ? "" : target.substring(query)));
        }

        String requestHeader(String name) {
            return first(requestHeaders, name);
        }

        String responseHeader(String name) {
            return first(responseHeaders, name);
        }

        private static String first(Map<String, List<String>> headers, String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
        }
    }

    /**
     * Marks an operation whose answers are another service's (the proxy): any status, and a media type
     * its documented status does not list, fall to its {@code default} answer; any query and body pass.
     */
    static final String PASSTHROUGH = "x-patchbay-passthrough";

    /** Whether a response is one the document gives for the operation. */
    private record ResponseCheck(OpenApiDocument document, String name, Node operation, Exchange exchange,
                                 List<String> found) {
        void run() {
            Node responses = operation.get("responses");
            Node response = responses.get(Integer.toString(exchange.status()));
            Node fallback = responses.get("default");
            if (fallback != null && operation.value().path(PASSTHROUGH).asBoolean(false)) {
                String contentType = exchange.responseHeader("Content-Type");
                Node content = response == null ? null : document.resolve(response).get("content");
                if (response == null || contentType == null || content == null
                        || content.get(mediaType(contentType)) == null) {
                    response = fallback;
                }
            }
            if (response == null) {
                found.add("status " + exchange.status() + " is not documented for " + name);
                return;
            }
            response = document.resolve(response);
            Node headers = response.get("headers");
            for (Map.Entry<String, JsonNode> entry : headers == null ? Set.<Map.Entry<String, JsonNode>>of()
                    : headers.value().properties()) {
                Node header = document.resolve(headers.get(entry.getKey()));
                String value = exchange.responseHeader(entry.getKey());
                if (value == null) {
                    if (header.value().path("required").asBoolean(false)) {
                        found.add("header " + entry.getKey() + " is missing");
                    }
                    continue;
                }
                Node schema = header.get("schema");
                document.validate(schema, document.typed(schema, value))
                        .forEach(error -> found.add("header " + entry.getKey() + ": " + error));
            }
            content(response.get("content"));
        }

        private void content(Node content) {
            if (exchange.method().equals("HEAD")) {
                return; // RFC 9110 §9.3.2: GET's headers, never a body
            }
            String body = exchange.responseBody();
            if (content == null) {
                if (!body.isEmpty()) {
                    found.add("a body where the document gives none");
                }
                return;
            }
            String contentType = exchange.responseHeader("Content-Type");
            Node media = contentType == null ? null : content.get(mediaType(contentType));
            if (media == null && content.get("*/*") != null) {
                return; // any body at all: another service's answer
            }
            if (media == null) {
                found.add("media type " + contentType + " is not documented for this status");
                return;
            }
            if (isJson(mediaType(contentType))) {
                parse(body).ifPresentOrElse(
                        json -> document.validate(media.get("schema"), json).forEach(e -> found.add("the body: " + e)),
                        () -> found.add("the body is not JSON"));
            } else if (body.isEmpty()) {
                found.add("the body is empty");
            }
        }
    }

    private static final class Holder {
        static final OpenApiContract INSTANCE = new OpenApiContract(documentText());
    }
}
