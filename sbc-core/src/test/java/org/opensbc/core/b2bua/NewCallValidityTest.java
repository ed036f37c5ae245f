package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;

class NewCallValidityTest {

    private final NewCallValidity validity = new NewCallValidity(Set.of("ours-1@gw")::contains);

    private static Request invite(String callId, String extraHeaders) throws Exception {
        String text = "INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
        return (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII), true, false, null);
    }

    @Test
    void anOrdinaryInviteGoesOn() throws Exception {
        assertEquals(StageResult.CONTINUE, validity.check(invite("c1@phone", "Max-Forwards: 70\r\nRequire: timer\r\n")));
    }

    @Test
    void noMaxForwardsCountsAsSeventy() throws Exception {
        assertEquals(StageResult.CONTINUE, validity.check(invite("c1@phone", "")));
    }

    @Test
    void ourOwnLegComingBackIsALoop() throws Exception {
        assertEquals(Reply.of(482), validity.check(invite("ours-1@gw", "Max-Forwards: 0\r\nRequire: foo\r\n")),
                "the loop is named first");
    }

    @Test
    void noHopsLeftIs483() throws Exception {
        assertEquals(Reply.of(483), validity.check(invite("c1@phone", "Max-Forwards: 0\r\nRequire: foo\r\n")));
    }

    @Test
    void anUnknownRequirementIs420NamingIt() throws Exception {
        assertEquals(Reply.badExtension(List.of("foo", "bar")),
                validity.check(invite("c1@phone", "Max-Forwards: 5\r\nRequire: 100rel, Foo\r\nRequire: bar\r\n")));
    }
}
