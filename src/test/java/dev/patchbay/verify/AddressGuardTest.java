package dev.patchbay.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** IPv6 forms that carry an internal IPv4 address, and the IPv4 ranges that are neither private nor public. */
    @ParameterizedTest
    @CsvSource({
            "::ffff:0:127.0.0.1, loopback", // IPv4-translated
            "::ffff:0:10.0.0.1, private",
            "64:ff9b::127.0.0.1, loopback", // NAT64, well-known prefix
            "64:ff9b::192.168.1.1, private",
            "64:ff9b::169.254.169.254, link-local",
            "64:ff9b:1::a00:1, local-use NAT64", // the IPv4 part may sit anywhere in a local-use prefix
            "64:ff9b:1:5db8:d70e::, local-use NAT64",
            "2002:7f00:1::1, loopback", // 6to4 of 127.0.0.1
            "2002:a00:1::1, private", // 6to4 of 10.0.0.1
            "2002:c0a8:101:1::1, private", // 6to4 of 192.168.1.1
            "2002:a9fe:a9fe::1, link-local", // 6to4 of 169.254.169.254
            "2001:0:5db8:d70e:0:0:80ff:fffe, loopback", // Teredo, client 127.0.0.1 (inverted), server public
            "2001:0:5db8:d70e::f5ff:fffe, private", // Teredo, client 10.0.0.1
            "2001:0:a00:1::a247:28f1, private", // Teredo, server 10.0.0.1, client 93.184.215.14
            "198.18.0.1, benchmarking (RFC 2544)",
            "198.19.255.255, benchmarking (RFC 2544)",
            "240.0.0.1, reserved",
            "254.1.2.3, reserved",
            "::ffff:0:198.18.0.1, benchmarking (RFC 2544)",
            "2002:f000:1::1, reserved"})
    void an_address_embedding_or_in_a_special_ipv4_range_is_refused_as_its_kind(String address, String kind)
            throws UnknownHostException {
        InetAddress[] addresses = {InetAddress.getByName(address)};

        assertThat(AddressGuard.internalKind(addresses[0])).isEqualTo(kind);
        assertThatThrownBy(() -> guard.check("service.example", addresses))
                .isInstanceOf(RefusedDestinationException.class)
                .hasMessageContaining(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "140.82.112.3", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "198.17.255.255", "198.20.0.1", "223.255.255.254", "::ffff:0:93.184.215.14", "64:ff9b::93.184.215.14",
            "2002:5db8:d70e::1", "2001:0:5db8:d70e::a247:28f1", "2001:db9::1"})
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
