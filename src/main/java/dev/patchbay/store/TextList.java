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
        List<String> plain = plain(column);
        if (plain != null) {
            return plain;
        }
        try {
            return JSON.readValue(column, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored audit field list is corrupt");
        }
    }

    /**
     * The names of a column as {@link #encode} writes them when no name needs escaping ({@code []},
     * {@code ["a","b"]}), split without a parser, which cost a credentials read as much as its
     * decryption; null for any other text. Without a backslash no name can hold a quote, so every
     * {@code ","} separates two names.
     */
    private static List<String> plain(String column) {
        int length = column.length();
        if (length < 2 || column.charAt(0) != '[' || column.charAt(length - 1) != ']') {
            return null;
        }
        if (length == 2) {
            return List.of();
        }
        if (length < 4 || column.charAt(1) != '"' || column.charAt(length - 2) != '"') {
            return null;
        }
        for (int i = 2; i < length - 2; i++) {
            char c = column.charAt(i);
            if (c < 0x20 || c == '\\') {
                return null;
            }
            if (c == '"') {
                if (!column.startsWith("\",\"", i)) {
                    return null;
                }
                i += 2;
            }
        }
        return List.of(column.substring(2, length - 2).split("\",\"", -1));
    }
}
