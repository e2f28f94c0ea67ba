package dev.patchbay.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.FieldError;

import java.util.List;

/**
 * An RFC 9457 problem details body; {@code errors} is present only for validation failures, and
 * {@code verification} (the failed check) only for verification failures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail,
               @JsonProperty("request_id") String requestId, List<FieldError> errors, JsonNode verification) {

    static Problem of(ProblemType type, String detail, String requestId) {
        return new Problem(type.uri, type.title, type.status, detail, requestId, null, null);
    }
}
