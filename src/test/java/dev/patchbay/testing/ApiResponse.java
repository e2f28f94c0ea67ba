package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange's answer as tests look at it: {@code path} is the request's path (null when not
 * known), so the checks after each test know which answers came from {@code /v1/}; and the ways the
 * exchange breaks the OpenAPI contract ({@link OpenApiContract}; empty when it honours it, or was
 * sent outside it).
 */
public record ApiResponse(int status, Map<String, List<String>> headers, String body, String path,
                          List<String> contractViolations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiResponse {
        contractViolations = List.copyOf(contractViolations);
    }

    /** An answer made up by a test, which no contract check has seen. */
    public ApiResponse(int status, Map<String, List<String>> headers, String body) {
        this(status, headers, body, null, List.of());
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** {@code data} of the envelope. */
    public JsonNode data() {
        return json().get("data");
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().isEmpty() ? null : header.getValue().get(0);
            }
        }
        return null;
    }

    public String contentType() {
        return header("Content-Type");
    }
}
