package dev.patchbay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operator descriptors (for {@code PATCHBAY_PROVIDERS_DIR}) of providers that connections are made
 * through, whose endpoints come from the setup's {@code base_url}, so a test points them at a fake
 * OAuth server or stub.
 */
public final class ConnectableProviders {
    /** oauth2 with Basic client authentication and RFC 7009 revocation at {@code {base_url}/revoke}. */
    public static final String OAUTH = "fake-oauth";
    /** oauth2 without a revocation URL. */
    public static final String NO_REVOCATION = "fake-oauth-norevoke";
    /** api_key whose connections each carry their own {@code account_key} (connection_schema). */
    public static final String OWN_KEY = "fake-own-key";
    /** api_key whose connections use the setup's {@code api_key}. */
    public static final String SHARED_KEY = "fake-shared-key";
    /** api_key whose setup's {@code api_key} goes in the query parameter {@code api_key}. */
    public static final String QUERY_KEY = "fake-query-key";
    /** basic whose connections each carry a {@code username} and {@code password}. */
    public static final String BASIC = "fake-basic";

    private ConnectableProviders() {
    }

    /** A new temporary directory holding every descriptor, removed when the test JVM exits. */
    public static Path inTemporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("patchbay-connectable-providers-");
            dir.toFile().deleteOnExit();
            write(dir, OAUTH, oauth2(OAUTH, "  revocation_url: '{base_url}/revoke'\n"));
            write(dir, NO_REVOCATION, oauth2(NO_REVOCATION, ""));
            write(dir, OWN_KEY, header(OWN_KEY, "api_key") + """
                    api:
                      base_url: '{base_url}/api'
                      headers:
                        X-Api-Key: '{account_key}'
                    config_schema:
                      type: object
                      required: [base_url]
                      properties:
                        base_url: {type: string, minLength: 1}
                      additionalProperties: false
                    connection_schema:
                      type: object
                      required: [account_key]
                      properties:
                        account_key: {type: string, minLength: 1, maxLength: 200, writeOnly: true}
                        region: {type: string, enum: [eu, us]}
                      additionalProperties: false
                    """);
            write(dir, SHARED_KEY, header(SHARED_KEY, "api_key") + """
                    config_schema:
                      type: object
                      required: [api_key, base_url]
                      properties:
                        api_key: {type: string, minLength: 1, writeOnly: true}
                        base_url: {type: string, minLength: 1}
                      additionalProperties: false
                    """);
            write(dir, QUERY_KEY, header(QUERY_KEY, "api_key") + """
                    api:
                      base_url: '{base_url}/api'
                      query:
                        api_key: '{api_key}'
                    config_schema:
                      type: object
                      required: [api_key, base_url]
                      properties:
                        api_key: {type: string, minLength: 1, writeOnly: true}
                        base_url: {type: string, minLength: 1}
                      additionalProperties: false
                    """);
            write(dir, BASIC, header(BASIC, "basic") + """
                    api:
                      base_url: '{base_url}/api'
                      basic_auth:
                        username: '{username}'
                        password: '{password}'
                    config_schema:
                      type: object
                      required: [base_url]
                      properties:
                        base_url: {type: string, minLength: 1}
                      additionalProperties: false
                    connection_schema:
                      type: object
                      required: [username, password]
                      properties:
                        username: {type: string, minLength: 1, maxLength: 200}
                        password: {type: string, minLength: 1, maxLength: 200, writeOnly: true}
                      additionalProperties: false
                    """);
            try (var files = Files.list(dir)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oauth2(String slug, String extra) {
        return header(slug, "oauth2") + """
                oauth2:
                  authorization_url: '{base_url}/authorize'
                  token_url: '{base_url}/token'
                  client_auth: basic
                """ + extra + """
                api:
                  base_url: '{base_url}/api'
                """ + """
                config_schema:
                  type: object
                  required: [client_id, client_secret, base_url]
                  properties:
                    client_id: {type: string, minLength: 1}
                    client_secret: {type: string, minLength: 1, writeOnly: true}
                    base_url: {type: string, minLength: 1}
                  additionalProperties: false
                """;
    }

    private static String header(String slug, String authType) {
        return "provider_slug: " + slug + "\n"
                + "display_name: " + slug + "\n"
                + "description: A test provider whose service is a fake.\n"
                + "category: testing\n"
                + "auth_type: " + authType + "\n"
                + "execution_strategy: server-side\n"
                + "docs_url: https://example.com/docs\n";
    }

    private static void write(Path dir, String slug, String yaml) throws IOException {
        Files.writeString(dir.resolve(slug + ".yaml"), yaml);
    }
}
