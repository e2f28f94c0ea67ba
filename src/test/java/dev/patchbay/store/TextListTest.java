package dev.patchbay.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextListTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodes_what_it_encodes() {
        for (List<String> names : List.of(List.<String>of(), List.of(""), List.of("repo"), List.of("a", "b", "c"),
                List.of("a", ""), List.of("", "b"), List.of("read:org", "user email", "é☃"), List.of("a\",\"b"),
                List.of("back\\slash"), List.of("tab\there"), List.of("\"", ","), List.of("a,b", "[]"))) {
            assertThat(TextList.decode(TextList.encode(names))).as(TextList.encode(names)).isEqualTo(names);
        }
    }

    @Test
    void decodes_any_other_json_array_as_jackson_does() throws Exception {
        for (String column : List.of("[ ]", "[\"a\" , \"b\"]", "[\"a\",\"b\" ]", "[\"\\u0061\"]", "[\"a\",\"\"]")) {
            assertThat(TextList.decode(column)).as(column)
                    .isEqualTo(JSON.readValue(column, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { }));
        }
    }
}
