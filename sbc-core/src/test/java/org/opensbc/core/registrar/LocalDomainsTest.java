package org.opensbc.core.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalDomainsTest {

    @Test
    void theGatewaysIpv6AddressIsTheSameDomainAsItsPrimaryOne() {
        LocalDomains domains = LocalDomains.of(List.of("sbc.example.com"), "192.0.2.2", "2001:db8::5");
        assertTrue(domains.contains("[2001:DB8:0:0:0:0:0:5]"));
        assertTrue(domains.contains("192.0.2.2") && domains.contains("SBC.example.com"));
        assertEquals("bob@192.0.2.2", domains.aor("bob", "[2001:db8::5]"), "registered over IPv6");
        assertEquals("bob@192.0.2.2", domains.aor("bob@192.0.2.2"), "called over IPv4");
        assertEquals("bob@sbc.example.com", domains.aor("bob", "SBC.Example.com"));
        assertTrue(domains.isAdvertised("[2001:db8::5]") && domains.isAdvertised("192.0.2.2"));
        assertFalse(domains.isAdvertised("sbc.example.com"));
    }

    @Test
    void withoutAnIpv6AddressNothingIsAliased() {
        LocalDomains domains = LocalDomains.of(List.of(), "192.0.2.2", null);
        assertEquals("bob@2001:db8::5", domains.aor("bob", "[2001:db8::5]"), "one spelling, no brackets");
        assertFalse(domains.isAdvertised("192.0.2.2"));
        assertTrue(domains.contains("localhost") && domains.contains("[::1]"), "the host's own addresses, IPv6 too");
    }
}
