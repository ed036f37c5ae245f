package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NextHopTest {

    @Test
    void parsesBindingAndFlowKeys() {
        assertEquals(new NextHop("UDP", "192.0.2.1", 5062), NextHop.parse("UDP:192.0.2.1:5062"));
        assertEquals(new NextHop("WSS", "2001:db8::1", 50321), NextHop.parse("wss:2001:db8::1:50321"));
        assertTrue(NextHop.parse("WS:127.0.0.1:1").isWebSocket());
        assertEquals("TCP:192.0.2.1:5062", NextHop.parse("UDP:192.0.2.1:5062").withTransport("TCP").key());
    }

    @Test
    void ipv6HostsHaveOneSpellingSoKeysFromViaContactAndFlowsMatch() {
        NextHop stamped = NextHop.parse("UDP:0:0:0:0:0:0:0:1:5070"); // JAIN-SIP's received=
        assertEquals("UDP:::1:5070", stamped.key());
        assertEquals(stamped, NextHop.parse("UDP:[::1]:5070"));
        assertEquals(stamped, NextHop.parse(stamped.key()), "a key parses back to itself");
        assertTrue(stamped.isIpv6());
        assertEquals("WSS:2001:db8::1:443", new NextHop("WSS", "[2001:DB8::1]", 443).key());
        assertTrue(!NextHop.parse("UDP:192.0.2.1:5060").isIpv6());
    }

    @Test
    void rejectsWhatIsNotAKey() {
        assertThrows(IllegalArgumentException.class, () -> NextHop.parse("192.0.2.1"));
        assertThrows(NumberFormatException.class, () -> NextHop.parse("UDP:192.0.2.1:x"));
    }
}
