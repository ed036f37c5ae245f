package org.opensbc.sip.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictGrammarTest {

    /** sip-stack's own copy of the RFC 4475 messages it needs (see corpus/README.md). */
    private static byte[] corpus(String name) throws Exception {
        try (InputStream in = StrictGrammarTest.class.getResourceAsStream("/corpus/rfc4475/" + name + ".dat")) {
            assertNotNull(in, name + ".dat is not in sip-stack's test resources");
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
            "semiuri", "transports", "mpart01", "unreason", "noreason"})
    void validTortureMessagesPass(String name) throws Exception {
        assertNull(StrictGrammar.violation(corpus(name)), name);
        assertFalse(StrictGrammar.otherVersion(corpus(name)), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lwsstart", "escruri", "baddate", "regbadct", "badaspec", "baddn"})
    void leniencyJainSipAllowsIsRefused(String name) throws Exception {
        assertNotNull(StrictGrammar.violation(corpus(name)), name);
    }

    @Test
    void otherSipVersionIsFlagged() throws Exception {
        assertTrue(StrictGrammar.otherVersion(corpus("badvers")));
    }

    @Test
    void quotedDisplayNameWithCommaIsFine() {
        String msg = "OPTIONS sip:a@b SIP/2.0\r\nFrom: \"Bell, Alexander\" <sip:a@b>;tag=1\r\nTo: <sip:b@c>\r\n\r\n";
        assertNull(StrictGrammar.violation(msg.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void cleanReasonDropsParserInternals() {
        assertEquals("Malformed: getNextChar: End of buffer",
                CountingMessageParserFactory.cleanReason("[C@5b5f4db2getNextChar: End of buffer\nmore"));
        assertEquals("Malformed message", CountingMessageParserFactory.cleanReason(null));
    }
}
