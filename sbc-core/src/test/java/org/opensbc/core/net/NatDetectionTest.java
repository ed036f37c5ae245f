package org.opensbc.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opensbc.core.net.NatDetection.Facts;
import org.opensbc.core.net.NatDetection.Mode;

class NatDetectionTest {

    private final NatDetection auto = new NatDetection(Mode.AUTO);

    private static Facts udp(String source, int sourcePort, String via, int viaPort, String contact, int contactPort) {
        return new Facts("UDP", source, sourcePort, via, viaPort, contact, contactPort);
    }

    @Test
    void aPhoneSendingFromAnotherPortThanItListensOnIsReachedAtItsContact() {
        assertNull(auto.reason(udp("127.0.0.1", 5071, "127.0.0.1", 5071, "127.0.0.1", 5070)));
        assertNull(auto.reason(udp("203.0.113.5", 5060, "203.0.113.5", 0, "203.0.113.5", 5060)), "no Via port: 5060");
        assertNull(auto.reason(udp("10.1.1.5", 5060, "10.1.1.5", 5060, "10.1.1.5", 5062)),
                "a private address that is the source is on our own network");
    }

    @Test
    void privateContactsAndViasAndRewrittenSourcesAreNat() {
        assertTrue(auto.reason(udp("198.51.100.7", 40123, "198.51.100.7", 40123, "192.168.1.20", 5060))
                .contains("Contact address 192.168.1.20 is private"));
        assertTrue(auto.reason(udp("198.51.100.7", 5060, "10.0.0.5", 5060, "phone.example.com", 5060))
                .contains("Via address 10.0.0.5 is private"));
        assertTrue(auto.reason(udp("198.51.100.7", 5060, "203.0.113.9", 5060, "203.0.113.9", 5060))
                .contains("Via sent-by 203.0.113.9 is not the source 198.51.100.7"));
        assertTrue(auto.reason(udp("198.51.100.7", 61000, "198.51.100.7", 5060, "198.51.100.7", 5060))
                .contains("Via port 5060 is not the source port 61000"));
        for (String shared : new String[] {"100.64.0.1", "100.127.255.254", "172.16.0.1", "169.254.3.4", "fd00::5",
                "fe80::1", "[fc00::7]"}) {
            assertTrue(NatDetection.isPrivate(shared), shared);
        }
        for (String global : new String[] {"100.128.0.1", "172.32.0.1", "192.0.2.1", "2001:db8::1", "sbc.example.com"}) {
            assertFalse(NatDetection.isPrivate(global), global);
        }
    }

    @Test
    void connectionsAreReusedAndTheModesOverrideTheTests() {
        Facts tcp = new Facts("TCP", "198.51.100.7", 50000, "198.51.100.7", 5060, "198.51.100.7", 5060);
        assertTrue(auto.reason(tcp).startsWith("connection-oriented (tcp)"));
        Facts wss = new Facts("WSS", "198.51.100.7", 50000, "abc.invalid", 0, "abc.invalid", 0);
        assertNotNull(new NatDetection(Mode.NEVER).reason(wss), "a browser is only reachable over its WebSocket");
        assertNull(new NatDetection(Mode.NEVER).reason(tcp));
        assertNull(new NatDetection(Mode.NEVER).reason(udp("198.51.100.7", 40123, "10.0.0.5", 5060, "10.0.0.5", 5060)));
        assertEquals("nat.detect is always",
                new NatDetection(Mode.ALWAYS).reason(udp("127.0.0.1", 5071, "127.0.0.1", 5071, "127.0.0.1", 5070)));
    }
}
