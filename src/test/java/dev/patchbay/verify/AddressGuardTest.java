package dev.patchbay.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which destinations verification may call. */
class AddressGuardTest {
    private final AddressGuard guard = new AddressGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::",
            "100.64.0.1", "224.0.0.1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::10.0.0.1", "255.255.255.255"})
    void an_internal_address_is_refused(String address) throws UnknownHostException {
        InetAddress[] addresses = {InetAddress.getByName(address)};

        assertThatThrownBy(() -> guard.check("service.example", addresses))
                .isInstanceOf(RefusedDestinationException.class)
                .hasMessageContaining("service.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "140.82.112.3", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void a_public_address_is_allowed(String address) throws UnknownHostException {
        InetAddress[] addresses = {InetAddress.getByName(address)};

        assertThatCode(() -> guard.check("service.example", addresses)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "127.0.0.1"})
    void one_internal_address_among_public_ones_is_enough_to_refuse(String internal) throws UnknownHostException {
        InetAddress[] addresses = {InetAddress.getByName("93.184.215.14"), InetAddress.getByName(internal)};

        assertThatThrownBy(() -> guard.check("service.example", addresses)).isInstanceOf(RefusedDestinationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1"})
    void the_operator_may_allow_internal_addresses(String address) throws UnknownHostException {
        InetAddress[] addresses = {InetAddress.getByName(address)};

        assertThatCode(() -> new AddressGuard(true).check("ci.internal", addresses)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void the_refusal_names_the_kind_of_address(String address) throws UnknownHostException {
        assertThat(AddressGuard.internalKind(InetAddress.getByName(address))).isEqualTo("loopback");
    }
}
