package org.opensbc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartyAddressTest {

    @Test
    void whatOperatorsTypeAndPasteFromLogs() {
        PartyAddress bob = new PartyAddress("bob", "host.example");
        assertEquals(bob, PartyAddress.parse("bob@host.example"));
        assertEquals(bob, PartyAddress.parse("sip:bob@host.example"));
        assertEquals(bob, PartyAddress.parse("sips:bob@HOST.example:5061;transport=tls"));
        assertEquals(bob, PartyAddress.parse("\"Bob\" <sip:bob@host.example;user=phone>;tag=a1b2"));
        assertEquals(bob, PartyAddress.parse("<sip:bob@host.example?Subject=hi>"));
        assertEquals(new PartyAddress("+15550100", "192.0.2.1"), PartyAddress.parse("sip:%2B15550100@192.0.2.1:5060"));
        assertEquals(new PartyAddress("alice", "[2001:db8::1]"), PartyAddress.parse("sip:alice@[2001:db8::1]:5060"));
        assertEquals(new PartyAddress("+4420794600", null), PartyAddress.parse("tel:+44-20-794600;phone-context=+44"));
        assertEquals(new PartyAddress("+15550100100", null), PartyAddress.parse("+1 (555) 010-0100"));
        assertEquals(new PartyAddress("0207946000", null), PartyAddress.parse("0207946000"));
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsAccepted() {
        for (String bad : new String[] {"http://bob@host", "bob", "sip:@host", "sip:bob@", "tel:bob", "mailto:bob"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartyAddress.parse(bad), bad);
            assertTrue(e.getMessage().contains("use user@domain, a sip:, sips: or tel: URI, or a number"), e.getMessage());
        }
    }
}
