package org.opensbc.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensbc.core.config.ConfigException;
import org.opensbc.core.config.ConfigLoader;
import org.opensbc.core.config.GatewayConfig;

class AdvertisedAddressesTest {

    @TempDir
    Path dir;

    private GatewayConfig config(String yaml) throws Exception {
        Files.writeString(dir.resolve("sbc.yaml"), yaml);
        Files.writeString(dir.resolve("users.yaml"), "users: []\n");
        return ConfigLoader.load(dir);
    }

    /** SIP UDP and the relay on "::" (dual-stack), with more keys of each section. */
    private GatewayConfig dualStack(String sipKeys, String mediaKeys) throws Exception {
        return config("""
                sip: { udp: { address: "::" }%s }
                media: { address: "::"%s }
                """.formatted(sipKeys.isEmpty() ? "" : ", " + sipKeys, mediaKeys.isEmpty() ? "" : ", " + mediaKeys));
    }

    private static Optional<InetAddress> address(String literal) throws Exception {
        return Optional.of(InetAddress.getByName(literal));
    }

    @Test
    void wildcardListenersAdvertiseThePrimaryAddressNotLoopback() throws Exception {
        Optional<InetAddress> v4 = address("192.0.2.2");
        AdvertisedAddresses a = AdvertisedAddresses.resolve(config(""), () -> v4, Optional::empty);
        assertEquals("192.0.2.2", a.sip());
        assertEquals("192.0.2.2", a.media());
        assertTrue(a.how().contains("primary address"), a.how());
        assertFalse(a.loopbackOnWildcard(config("")));
    }

    @Test
    void anIpv6OnlyHostAdvertisesItsIpv6Address() throws Exception {
        Optional<InetAddress> v6 = address("2001:db8::5");
        AdvertisedAddresses a = AdvertisedAddresses.resolve(config(""), Optional::empty, () -> v6);
        assertEquals("2001:db8::5", a.media());
    }

    @Test
    void aHostWithOnlyLoopbackAdvertisesLoopbackAndSaysSo() throws Exception {
        GatewayConfig c = config("");
        AdvertisedAddresses a = AdvertisedAddresses.resolve(c, Optional::empty, Optional::empty);
        assertEquals("127.0.0.1", a.media());
        assertTrue(a.loopbackOnWildcard(c));
        assertTrue(a.how().contains("no address but loopback"), a.how());
    }

    @Test
    void configuredAndSpecificAddressesWinOverThePrimaryOne() throws Exception {
        Optional<InetAddress> v4 = address("192.0.2.2");
        AdvertisedAddresses configured = AdvertisedAddresses.resolve(config("""
                sip: { advertisedAddress: 203.0.113.9 }
                media: { advertisedAddress: 203.0.113.10 }
                """), () -> v4, Optional::empty);
        assertEquals("203.0.113.9", configured.sip());
        assertEquals("203.0.113.10", configured.media());
        AdvertisedAddresses fromSip = AdvertisedAddresses.resolve(config("sip: { advertisedAddress: 203.0.113.9 }\n"),
                () -> v4, Optional::empty);
        assertEquals("203.0.113.9", fromSip.media(), "an IP in sip.advertisedAddress serves media too (1:1 NAT)");
        GatewayConfig bound = config("""
                sip: { udp: { address: 127.0.0.1 } }
                media: { address: 127.0.0.1 }
                """);
        AdvertisedAddresses local = AdvertisedAddresses.resolve(bound, () -> v4, Optional::empty);
        assertEquals("127.0.0.1", local.sip());
        assertEquals("127.0.0.1", local.media());
        assertFalse(local.loopbackOnWildcard(bound), "bound to loopback on purpose: no warning");
    }

    @Test
    void aDualStackHostAdvertisesAnAddressOfEachFamilyToPeersOfThatFamily() throws Exception {
        Optional<InetAddress> v4 = address("192.0.2.2");
        Optional<InetAddress> v6 = address("2001:db8:0:0:0:0:0:5");
        AdvertisedAddresses a = AdvertisedAddresses.resolve(dualStack("", ""), () -> v4, () -> v6);
        assertEquals("192.0.2.2", a.sip());
        assertEquals("2001:db8::5", a.sipV6());
        assertEquals("192.0.2.2", a.media());
        assertEquals("2001:db8::5", a.mediaV6());
        assertEquals("2001:db8::5", a.sipFor("[2001:db8::77]"));
        assertEquals("2001:db8::5", a.sipFor("2001:db8:0:0:0:0:0:77"));
        assertEquals("192.0.2.2", a.sipFor("192.0.2.77"));
        assertEquals("192.0.2.2", a.sipFor("pbx.example.com"), "a name: the default family");
        assertTrue(a.how().contains("SIP advertises 192.0.2.2 (the host's primary address), IPv6 2001:db8::5 (")
                && a.how().contains("media 192.0.2.2 (the host's primary address"), a.how());
    }

    @Test
    void ipv4ListenersAndAHostWithoutIpv6AdvertiseNoIpv6() throws Exception {
        Optional<InetAddress> v4 = address("192.0.2.2");
        Optional<InetAddress> v6 = address("2001:db8::5");
        AdvertisedAddresses v4Only = AdvertisedAddresses.resolve(config("""
                sip: { udp: { address: 0.0.0.0 } }
                media: { address: 0.0.0.0 }
                """), () -> v4, () -> v6);
        assertEquals(null, v4Only.sipV6());
        assertEquals(null, v4Only.mediaV6());
        assertEquals("192.0.2.2", v4Only.sipFor("2001:db8::77"), "nothing better to give an IPv6 peer");
        AdvertisedAddresses noIpv6 = AdvertisedAddresses.resolve(dualStack("", ""), () -> v4, () -> v6, false);
        assertEquals(null, noIpv6.sipV6(), "\"::\" falls back to 0.0.0.0 where the host has no IPv6");
        assertEquals(null, noIpv6.mediaV6());
        assertEquals(HostAddresses.ipv6Available() ? "::" : "0.0.0.0", HostAddresses.listenAddress("[::]"));
        assertEquals("::1", HostAddresses.listenAddress("[::1]"));
        assertEquals("0.0.0.0", HostAddresses.listenAddress("0.0.0.0"));
    }

    @Test
    void configuredIpv6AddressesWinAndANameServesBothFamilies() throws Exception {
        Optional<InetAddress> v4 = address("192.0.2.2");
        Optional<InetAddress> v6 = address("2001:db8::5");
        AdvertisedAddresses configured = AdvertisedAddresses.resolve(dualStack(
                "advertisedAddress: 203.0.113.9, advertisedAddressV6: \"[2001:db8::9]\"",
                "advertisedAddress: 203.0.113.10, advertisedAddressV6: \"2001:db8::10\""), () -> v4, () -> v6);
        assertEquals("2001:db8::9", configured.sipV6());
        assertEquals("2001:db8::10", configured.mediaV6());
        AdvertisedAddresses named = AdvertisedAddresses.resolve(dualStack("advertisedAddress: sbc.example.com", ""),
                () -> v4, () -> v6);
        assertEquals("sbc.example.com", named.sipV6(), "a name resolves to whichever family the peer uses");
        assertEquals("2001:db8::5", named.mediaV6(), "SDP needs an address: the host's IPv6 one");
        AdvertisedAddresses boundV6 = AdvertisedAddresses.resolve(config("""
                sip: { udp: { address: "::1" } }
                media: { address: "::1" }
                """), () -> v4, () -> v6);
        assertEquals("::1", boundV6.sip());
        assertEquals("::1", boundV6.sipV6());
        assertEquals("::1", boundV6.mediaV6());
    }

    @Test
    void aHostWithOnlyLoopbackAdvertisesTheLoopbackOfEachFamily() throws Exception {
        AdvertisedAddresses a = AdvertisedAddresses.resolve(dualStack("", ""), Optional::empty, Optional::empty);
        assertEquals("127.0.0.1", a.sip());
        assertEquals("::1", a.sipV6());
        assertEquals("127.0.0.1", a.media());
        assertEquals("::1", a.mediaV6());
    }

    @Test
    void ipv4AddressesAreRefusedWhereAnIpv6OneBelongs() throws Exception {
        assertThrows(ConfigException.class, () -> config("sip: { advertisedAddressV6: 192.0.2.9 }\n"));
        assertThrows(ConfigException.class, () -> config("media: { advertisedAddressV6: 192.0.2.9 }\n"));
    }

    @Test
    void ipv6LiteralsAreWrittenInTheirShortForm() throws Exception {
        assertEquals("2001:db8::5", HostAddresses.literal(InetAddress.getByName("2001:db8:0:0:0:0:0:5")));
        assertEquals("::1", HostAddresses.literal(InetAddress.getByName("::1")));
        assertEquals("fd00::2", HostAddresses.literal(InetAddress.getByName("fd00:0:0:0:0:0:0:2")));
        assertEquals("2001:db8:0:1:1:1:1:1", HostAddresses.literal(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", HostAddresses.literal(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("192.0.2.2", HostAddresses.literal(InetAddress.getByName("192.0.2.2")));
    }
}
