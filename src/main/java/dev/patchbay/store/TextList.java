package dev.patchbay.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** A list of names in one text column, as a JSON array, the same on SQLite and PostgreSQL. */
final class TextList {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built once: a type reference reads its type by reflection when created, on every row otherwise. */
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

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
            return JSON.readValue(column, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit field list is corrupt");
        }
    }
}
