package org.opensbc.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void ipv6LiteralsAreWrittenInTheirShortForm() throws Exception {
        assertEquals("2001:db8::5", HostAddresses.literal(InetAddress.getByName("2001:db8:0:0:0:0:0:5")));
        assertEquals("::1", HostAddresses.literal(InetAddress.getByName("::1")));
        assertEquals("fd00::2", HostAddresses.literal(InetAddress.getByName("fd00:0:0:0:0:0:0:2")));
        assertEquals("2001:db8:0:1:1:1:1:1", HostAddresses.literal(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", HostAddresses.literal(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("192.0.2.2", HostAddresses.literal(InetAddress.getByName("192.0.2.2")));
    }
}
