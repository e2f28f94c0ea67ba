package dev.patchbay.http;

import dev.patchbay.testing.ApiResponse;
import dev.patchbay.testing.OpenApiContract;
import dev.patchbay.testing.PatchbayServerExtension;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /openapi.json}: the reviewed document is valid OpenAPI 3.1, served as it is, and covers the contract. */
class OpenApiDocumentTest {
    /** Every endpoint of API.md, as "METHOD path". */
    private static final List<String> CONTRACT_ENDPOINTS = List.of(
            "GET /v1/admin/connector-providers",
            "GET /v1/admin/connector-providers/{provider_slug}",
            "POST /v1/admin/connector-providers/{provider_slug}/setup",
            "PATCH /v1/admin/connector-providers/{provider_slug}/setup",
            "DELETE /v1/admin/connector-providers/{provider_slug}/setup",
            "POST /v1/admin/connector-providers/{provider_slug}/verify",
            "GET /v1/admin/audit-events",
            "GET /healthz", "GET /readyz", "GET /openapi.json", "GET /docs", "GET /metrics");

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void the_document_parses_with_no_error_and_no_warning() {
        SwaggerParseResult result = parse();

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    }

    @Test
    void the_document_describes_every_endpoint_of_the_contract() {
        OpenAPI document = parse().getOpenAPI();

        for (String endpoint : CONTRACT_ENDPOINTS) {
            String[] methodAndPath = endpoint.split(" ");
            PathItem path = document.getPaths().get(methodAndPath[1]);
            assertThat(path).as(endpoint).isNotNull();
            assertThat(path.readOperationsMap()).as(endpoint)
                    .containsKey(PathItem.HttpMethod.valueOf(methodAndPath[0]));
        }
    }

    @Test
    void every_problem_type_the_server_answers_with_is_in_the_document() {
        Schema<?> type = (Schema<?>) parse().getOpenAPI().getComponents().getSchemas().get("Problem")
                .getProperties().get("type");
        List<String> documented = type.getEnum().stream().map(String::valueOf).toList();

        assertThat(documented).containsAll(Arrays.stream(ProblemType.values()).map(t -> t.uri).toList());
    }

    @Test
    void the_server_serves_the_reviewed_file_as_it_is_without_a_key() {
        ApiResponse served = server.api().withKey(null).get(OpenApiRoutes.PATH);

        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        assertThat(served.body()).isEqualTo(OpenApiContract.documentText());
    }

    @Test
    void problem_types_are_patchbay_uris_as_the_document_says() {
        ApiResponse answer = server.api().send("PUT", "/v1/admin/connector-providers/github/setup", "{}",
                "application/json", Map.of());

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().get("type").asText()).isEqualTo("https://patchbay.dev/problems/method-not-allowed");
    }

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(OpenApiContract.documentText(), null, options);
    }
}
