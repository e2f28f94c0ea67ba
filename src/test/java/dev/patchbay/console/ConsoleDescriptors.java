package dev.patchbay.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Operator descriptors that only the console tests need, for {@code PATCHBAY_PROVIDERS_DIR}. */
final class ConsoleDescriptors {
    /** One field of every kind the setup form draws. */
    static final String TYPES = "acme-types";
    /** Markup and script in every text a descriptor carries, and in a validation message. */
    static final String MARKUP = "acme-markup";
    static final String MARKUP_NAME = "<img src=x onerror=\"document.title='pwned'\">Acme";
    static final String MARKUP_DESCRIPTION = "<script>document.title='pwned'</script><b>bold</b> claims";

    private ConsoleDescriptors() {
    }

    static Path writeInto(Path dir) {
        write(dir, TYPES, """
                provider_slug: acme-types
                display_name: Acme Types
                description: One field of every kind.
                category: testing
                auth_type: api_key
                execution_strategy: server-side
                docs_url: https://example.com/docs
                config_schema:
                  type: object
                  required: [token, region]
                  properties:
                    token: {type: string, title: Token, minLength: 1, writeOnly: true}
                    region: {title: Region, enum: [eu, us, apac], description: Where the account lives.}
                    retries: {type: integer, title: Retries, minimum: 0, maximum: 10}
                    sandbox: {type: boolean, title: Sandbox mode}
                    tags: {type: array, title: Tags, items: {type: string, minLength: 1}, maxItems: 5}
                    endpoint: {type: string, title: Endpoint, format: uri, maxLength: 200}
                    limits: {type: object, title: Limits, additionalProperties: {type: integer}}
                  additionalProperties: false
                """);
        write(dir, MARKUP, """
                provider_slug: acme-markup
                display_name: '%s'
                description: "%s"
                category: testing
                auth_type: api_key
                execution_strategy: server-side
                docs_url: https://example.com/docs?q=<b>x</b>
                default_scopes:
                - name: <i>scope</i>
                  description: <a href="javascript:alert(1)">click</a>
                config_schema:
                  type: object
                  required: [code]
                  properties:
                    code:
                      type: string
                      title: <u>Code</u>
                      description: <em>help</em>
                      pattern: ^<b>[0-9]+</b>$
                      x-pattern-message: must be <b>digits</b> in bold tags
                  additionalProperties: false
                """.formatted(MARKUP_NAME.replace("'", "''"), MARKUP_DESCRIPTION.replace("\"", "\\\"")));
        return dir;
    }

    private static void write(Path dir, String slug, String yaml) {
        try {
            // Removed with a directory that is itself removed at exit (StubDescriptors.inTemporaryDirectory).
            Files.writeString(dir.resolve(slug + ".yaml"), yaml).toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
