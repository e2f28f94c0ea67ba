package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.verify.Reason;
import dev.patchbay.verify.VerificationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A {@link VerificationResult} as the JSON text the store keeps: {@code {"ok", "reason", "detail", "checked_at"}}. */
final class VerificationCodec {
    private VerificationCodec() {
    }

    static String encode(ObjectMapper json, VerificationResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("ok", result.ok());
        node.put("reason", result.reason() == null ? null : result.reason().wire());
        node.put("detail", result.detail());
        node.put("checked_at", result.checkedAt().toString());
        return node.toString();
    }

    /** The result in {@code text}, or null when there is none. */
    static VerificationResult decode(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            String reason = node.path("reason").isTextual() ? node.get("reason").asText() : null;
            return new VerificationResult(node.path("ok").asBoolean(), reason == null ? null : Reason.parse(reason),
                    node.path("detail").asText(), Instant.parse(node.path("checked_at").asText()));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("a stored verification is corrupt", e instanceof IOException io
                    ? io : new IOException(e.getClass().getSimpleName()));
        }
    }
}
