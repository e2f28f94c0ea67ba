package dev.patchbay.wiring;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PATCHBAY_PUBLIC_URL} and {@code PATCHBAY_CONNECT_ALLOWED_ORIGINS}. */
class ConnectSettingsTest {
    @Test
    void allowed_origins_are_normalized_and_a_trailing_slash_is_forgiven() {
        Settings settings = Settings.fromEnvironment(Map.of("PATCHBAY_CONNECT_ALLOWED_ORIGINS",
                " https://App.Example.com:443/ ,, http://localhost:3000"));

        assertThat(settings.connectAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
    }

    @Test
    void none_configured_allows_none() {
        assertThat(Settings.fromEnvironment(Map.of()).connectAllowedOrigins()).isEmpty();
    }

    @Test
    void an_entry_that_is_not_an_origin_stops_start_up_naming_the_setting() {
        for (String bad : new String[] {"*", "app.example.com", "https://app.example.com/path", "ftp://files.example.com",
                "https://app.example.com?x=1"}) {
            assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PATCHBAY_CONNECT_ALLOWED_ORIGINS", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PATCHBAY_CONNECT_ALLOWED_ORIGINS");
        }
    }

    @Test
    void the_public_url_loses_its_trailing_slash_and_must_be_an_http_url() {
        assertThat(Settings.fromEnvironment(Map.of("PATCHBAY_PUBLIC_URL", "https://patchbay.example.com/base/"))
                .publicUrl()).isEqualTo("https://patchbay.example.com/base");
        assertThat(Settings.fromEnvironment(Map.of()).publicUrl()).isNull();
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PATCHBAY_PUBLIC_URL", "patchbay.example.com")))
                .hasMessageContaining("PATCHBAY_PUBLIC_URL");
    }
}
