package org.opensbc.sip.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host names in certificates as RFC 6125 has them: exact, or one wildcard label at the left. */
class ServerIdentityTest {

    @Test
    void namesMatchWithoutCaseAndTrailingDot() {
        assertTrue(ServerIdentity.dnsMatches("SIP.Carrier.Example", "sip.carrier.example."));
        assertFalse(ServerIdentity.dnsMatches("sip.carrier.example", "sip2.carrier.example"));
    }

    @Test
    void aWildcardCoversExactlyOneLeftLabel() {
        assertTrue(ServerIdentity.dnsMatches("*.carrier.example", "sip.carrier.example"));
        assertFalse(ServerIdentity.dnsMatches("*.carrier.example", "carrier.example"));
        assertFalse(ServerIdentity.dnsMatches("*.carrier.example", "a.sip.carrier.example"));
        assertFalse(ServerIdentity.dnsMatches("*.*.example", "a.b.example"));
    }
}
