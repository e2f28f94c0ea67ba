package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reading requests and writing answers on the JDK's {@link HttpExchange}; shared by the fake's handlers. */
final class Exchanges {
    private Exchanges() {
    }

    /** A parameter repeated or a body that cannot be read: the handler answers {@code invalid_request}. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * {@code a=1&b=2} decoded; a repeated name is refused, as RFC 6749 §3.1 says parameters "MUST NOT
     * be included more than once".
     */
    static Map<String, String> form(String encoded) throws BadRequest {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new BadRequest("parameter " + name + " is repeated");
            }
        }
        return params;
    }

    static Map<String, String> query(HttpExchange exchange) throws BadRequest {
        return form(exchange.getRequestURI().getRawQuery());
    }

    /** The request body as parameters, by its Content-Type; the format is null for any other type. */
    record Body(RequestFormat format, Map<String, String> params) {
    }

    static Body body(HttpExchange exchange, ObjectMapper json) throws IOException, BadRequest {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        switch (mediaType) {
            case "application/x-www-form-urlencoded":
                return new Body(RequestFormat.FORM, form(new String(bytes, StandardCharsets.UTF_8)));
            case "application/json": {
                JsonNode node;
                try {
                    node = json.readTree(bytes);
                } catch (IOException e) {
                    throw new BadRequest("the body is not JSON");
                }
                if (node == null || !node.isObject()) {
                    throw new BadRequest("the body is not a JSON object");
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!field.getValue().isValueNode()) {
                        throw new BadRequest("parameter " + field.getKey() + " is not a single value");
                    }
                    params.put(field.getKey(), field.getValue().asText());
                }
                return new Body(RequestFormat.JSON, params);
            }
            default:
                return new Body(null, Map.of());
        }
    }

    /**
     * The user (or client id) and password of an {@code Authorization: Basic} header; null without
     * one; {@code BadRequest} when it is malformed. {@code formEncoded}: each part is form-decoded,
     * as RFC 6749 §2.3.1 prescribes for client credentials (plain RFC 7617 Basic is not).
     */
    static String[] basicCredentials(HttpExchange exchange, boolean formEncoded) throws BadRequest {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new BadRequest("the Basic credentials have no ':'");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return formEncoded ? new String[] {decode(user), decode(password)} : new String[] {user, password};
    }

    /** The token of an {@code Authorization: Bearer} header (RFC 6750 §2.1), or null. */
    static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code base} with the parameters appended to its query (RFC 6749 §4.1.2 keeps any query it has). */
    static String withParams(String base, Map<String, String> params) {
        StringBuilder url = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getValue() == null) {
                continue;
            }
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    static void json(HttpExchange exchange, int status, JsonNode body, ObjectMapper json) throws IOException {
        // RFC 6749 §5.1: token answers must not be cached; harmless on the other answers.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
