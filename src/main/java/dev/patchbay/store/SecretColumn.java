package dev.patchbay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a setup's ciphertexts as one text column, a JSON object of field name to base64, so the
 * same column type works on SQLite and PostgreSQL.
 */
final class SecretColumn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretColumn() {
    }

    static String encode(Map<String, byte[]> secrets) {
        Map<String, String> encoded = new TreeMap<>();
        secrets.forEach((field, ciphertext) -> encoded.put(field, Base64.getEncoder().encodeToString(ciphertext)));
        try {
            return JSON.writeValueAsString(encoded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, byte[]> decode(String column) {
        if (column == null) {
            return null;
        }
        try {
            Map<String, String> encoded = JSON.readValue(column, new TypeReference<LinkedHashMap<String, String>>() { });
            Map<String, byte[]> secrets = new LinkedHashMap<>();
            encoded.forEach((field, base64) -> secrets.put(field, Base64.getDecoder().decode(base64)));
            return secrets;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored secrets column is corrupt");
        }
    }
}
