package dev.patchbay.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every exchange a test recorded must pass, whoever sent it: {@link ResponseInvariants} on each
 * answer, the OpenAPI document ({@link OpenApiContract}), and none of the test's secrets in any answer's
 * body or headers or in the log. {@link PatchbayServerExtension} applies them after each test; a test
 * that runs its own servers applies them itself.
 */
public final class ExchangeChecks {
    private ExchangeChecks() {
    }

    /** Fails unless every answer in {@code seen} holds the invariants and honours the contract. */
    public static void assertHold(List<ApiResponse> seen) {
        assertHold(seen, List.of(), "");
    }

    /** As {@link #assertHold(List)}, and fails if any of {@code secrets} is in an answer or {@code logText}. */
    public static void assertHold(List<ApiResponse> seen, Collection<String> secrets, String logText) {
        List<ApiResponse> answers;
        synchronized (seen) {
            answers = new ArrayList<>(seen);
        }
        for (ApiResponse answer : answers) {
            ResponseInvariants.assertHolds(answer);
        }
        for (String secret : secrets) {
            for (ApiResponse answer : answers) {
                assertThat(answer.body()).as("a response body").doesNotContain(secret);
                assertThat(answer.headers().toString()).as("response headers").doesNotContain(secret);
            }
            assertThat(logText).as("the log").doesNotContain(secret);
        }
        List<String> violations = answers.stream().flatMap(r -> r.contractViolations().stream()).toList();
        assertThat(violations).as("exchanges that break the OpenAPI contract, src/main/resources/openapi.json "
                + "(fix the document where it is wrong, the code where the code is)").isEmpty();
    }
}
