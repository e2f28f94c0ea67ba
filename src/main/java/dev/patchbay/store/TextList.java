package dev.patchbay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** A list of names in one text column, as a JSON array, the same on SQLite and PostgreSQL. */
final class TextList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextList() {
    }

    static String encode(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> decode(String column) {
        try {
            return JSON.readValue(column, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit field list is corrupt");
        }
    }
}
