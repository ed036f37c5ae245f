package org.opensbc.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

    @Test
    void everySpellingOfAnIpv6AddressBecomesOne() {
        assertEquals("::1", IpLiteral.canonical("[::1]"));
        assertEquals("::1", IpLiteral.canonical("0:0:0:0:0:0:0:1"), "what JAIN-SIP stamps as received=");
        assertEquals("2001:db8::5", IpLiteral.canonical("2001:DB8:0:0:0:0:0:5"));
        assertEquals("192.0.2.1", IpLiteral.canonical("192.0.2.1"));
        assertEquals("pbx.example.com", IpLiteral.canonical("pbx.example.com"));
        assertEquals("127.0.0.1", IpLiteral.canonical("::ffff:127.0.0.1"), "an IPv4-mapped address is IPv4");
    }

    @Test
    void ipv6LiteralsGoInBracketsInUris() {
        assertEquals("[::1]", IpLiteral.uriHost("0:0:0:0:0:0:0:1"));
        assertEquals("[2001:db8::5]", IpLiteral.uriHost("[2001:db8::5]"));
        assertEquals("192.0.2.1", IpLiteral.uriHost("192.0.2.1"));
        assertEquals("sbc.example.com", IpLiteral.uriHost("sbc.example.com"));
    }

    @Test
    void namesAndBrokenLiteralsAreNotAddressesAndAreNeverLookedUp() {
        assertTrue(IpLiteral.isIpv6("[::1]"));
        assertFalse(IpLiteral.isIpv6("127.0.0.1"));
        assertFalse(IpLiteral.isIpv6("localhost"));
        assertNull(IpLiteral.parse("localhost"));
        assertNull(IpLiteral.parse("999.1.1.1"), "not a literal, and not a name to resolve either");
        assertNull(IpLiteral.parse("1:2:3"));
        assertNull(IpLiteral.parse(null));
    }
}
