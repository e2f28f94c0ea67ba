package dev.patchbay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operator descriptors (for {@code PATCHBAY_PROVIDERS_DIR}) of providers whose endpoints come from
 * the setup's {@code base_url}, so a test points them at its {@link ProviderStub}.
 */
public final class StubDescriptors {
    /** oauth2 with the RFC 6749 defaults: Basic client authentication, {@code invalid_client} / {@code invalid_grant}. */
    public static final String OAUTH = "acme-oauth";
    /** oauth2 like GitHub: credentials in the body, HTTP 200 with its own error codes. */
    public static final String GITHUB_LIKE = "acme-hub";
    /** oauth2 answering errors as a form, with credentials in a JSON request body. */
    public static final String FORM_ANSWERS = "acme-form";
    /** api_key: {@code GET {base_url}/v1/balance} with {@code Authorization: Bearer {api_key}}. */
    public static final String API_KEY = "acme-key";
    /** basic: {@code GET {base_url}/accounts/{account}.json} with Basic authentication. */
    public static final String BASIC = "acme-basic";

    private StubDescriptors() {
    }

    /**
     * A new temporary directory holding every stub descriptor, removed when the test JVM exits; for a
     * test class's static field, so that its servers' {@code PATCHBAY_PROVIDERS_DIR} can name it.
     */
    public static Path inTemporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("patchbay-stub-providers-");
            dir.toFile().deleteOnExit();
            writeInto(dir);
            try (var files = Files.list(dir)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every stub descriptor into {@code dir} and returns it. */
    public static Path writeInto(Path dir) {
        write(dir, OAUTH, oauth2(OAUTH, """
                  client_auth: basic
                """, ""));
        write(dir, GITHUB_LIKE, oauth2(GITHUB_LIKE, """
                  client_auth: body
                """, """
                verify:
                  accepted_errors: [bad_verification_code]
                  rejected_errors: [incorrect_client_credentials]
                """));
        write(dir, FORM_ANSWERS, oauth2(FORM_ANSWERS, """
                  client_auth: body
                  request_format: json
                """, """
                verify:
                  response_format: form
                """));
        write(dir, API_KEY, header(API_KEY, "api_key", """
                config_schema:
                  type: object
                  required: [api_key, base_url]
                  properties:
                    api_key: {type: string, minLength: 1, writeOnly: true}
                    base_url: {type: string, minLength: 1}
                  additionalProperties: false
                verify:
                  url: '{base_url}/v1/balance'
                  headers:
                    Authorization: Bearer {api_key}
                  accepted_statuses: [200]
                  rejected_statuses: [401, 403]
                """));
        write(dir, BASIC, header(BASIC, "basic", """
                config_schema:
                  type: object
                  required: [account, token, base_url]
                  properties:
                    account: {type: string, minLength: 1}
                    token: {type: string, minLength: 1, writeOnly: true}
                    base_url: {type: string, minLength: 1}
                  additionalProperties: false
                verify:
                  url: '{base_url}/accounts/{account}.json'
                  basic_auth:
                    username: '{account}'
                    password: '{token}'
                  accepted_statuses: [200]
                """));
        return dir;
    }

    /** {@code oauth2Extra}: more lines of the oauth2 block, indented by two spaces. */
    private static String oauth2(String slug, String oauth2Extra, String verify) {
        return header(slug, "oauth2", """
                oauth2:
                  authorization_url: '{base_url}/authorize'
                  token_url: '{base_url}/token'
                """ + oauth2Extra + """
                config_schema:
                  type: object
                  required: [client_id, client_secret, base_url]
                  properties:
                    client_id: {type: string, minLength: 1}
                    client_secret: {type: string, minLength: 1, writeOnly: true}
                    base_url: {type: string, minLength: 1}
                    redirect_uri: {type: string, minLength: 1}
                  additionalProperties: false
                """ + verify);
    }

    private static String header(String slug, String authType, String rest) {
        return "provider_slug: " + slug + "\n"
                + "display_name: " + slug + "\n"
                + "description: A test provider whose service is a stub.\n"
                + "category: testing\n"
                + "auth_type: " + authType + "\n"
                + "execution_strategy: server-side\n"
                + "docs_url: https://example.com/docs\n"
                + rest;
    }

    private static void write(Path dir, String slug, String yaml) {
        try {
            Files.writeString(dir.resolve(slug + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
