package dev.patchbay.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Finds strings that hold an unpaired UTF-16 surrogate, which JSON can spell ({@code "\ud800"}) but
 * no Unicode text contains (RFC 8259 §8.2; I-JSON, RFC 7493, forbids them). Such a value cannot be
 * stored as UTF-8: SQLite would keep a replacement character, so a setup answered 200 would read back
 * different from what was sent. Stateless.
 */
final class UnpairedSurrogates {
    private UnpairedSurrogates() {
    }

    /** Whether any field name or string value in {@code node} holds an unpaired surrogate. */
    static boolean in(JsonNode node) {
        if (node.isTextual()) {
            return in(node.textValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (in(field.getKey()) || in(field.getValue())) {
                    return true;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (in(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean in(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
