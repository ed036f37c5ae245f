package org.opensbc.sip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sip.header.ToHeader;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.pipeline.StageResult.Reply;

class ErrorRepliesTest {

    private static SIPRequest request(String method) throws Exception {
        String text = method + " sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: c1@192.0.2.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.US_ASCII), true, false, null);
    }

    @Test
    void methodNotAllowedListsTheMethodsInOneAllowHeader() throws Exception {
        SIPResponse response = ErrorReplies.build(request("SUBSCRIBE"),
                Reply.methodNotAllowed(List.of("INVITE", "ACK", "BYE")), "gw.example");
        assertEquals(405, response.getStatusCode());
        assertTrue(response.encode().contains("Allow: INVITE,ACK,BYE\r\n"), response.encode());
    }

    @Test
    void serviceUnavailableSaysWhenToComeBack() throws Exception {
        SIPResponse response = ErrorReplies.build(request("REGISTER"), Reply.serviceUnavailable(null, 0), "gw.example");
        assertEquals(503, response.getStatusCode());
        assertTrue(response.encode().contains("Retry-After: 1\r\n"), "at least a second: " + response.encode());
    }

    @Test
    void badExtensionNamesWhatIsUnsupported() throws Exception {
        SIPResponse response = ErrorReplies.build(request("INVITE"), Reply.badExtension(List.of("foo", "bar")), "gw.example");
        assertEquals(420, response.getStatusCode());
        String text = response.encode();
        assertTrue(text.contains("Unsupported: foo,bar\r\n"), text);
    }

    @Test
    void aWarningNamesTheGatewayAsItsAgent() throws Exception {
        SIPResponse response = ErrorReplies.build(request("INVITE"), Reply.withWarning(488, 305, "no common codec"),
                "gw.example");
        assertTrue(response.encode().contains("Warning: 305 gw.example \"no common codec\"\r\n"), response.encode());
    }

    @Test
    void everyAnswerHasAToTagAndTheGivenReason() throws Exception {
        SIPResponse response = ErrorReplies.build(request("OPTIONS"), Reply.of(505, "Version Not Supported"), "gw");
        assertEquals("Version Not Supported", response.getReasonPhrase());
        assertNotNull(((ToHeader) response.getHeader(ToHeader.NAME)).getTag());
        assertNull(response.getHeader("Allow"));
        assertNull(response.getHeader("Retry-After"));
    }

    @Test
    void tooLargeIs413ForAMessageAnd513ForTheRest() {
        assertEquals(413, ErrorReplies.tooLarge("MESSAGE").status());
        assertEquals(513, ErrorReplies.tooLarge("INVITE").status());
    }

    @Test
    void aHeaderTheGrammarRefusesIsAProgrammingError() throws Exception {
        SIPRequest options = request("OPTIONS");
        assertThrows(IllegalArgumentException.class,
                () -> ErrorReplies.build(options, Reply.withWarning(488, 42, "warn codes have three digits"), "gw"));
    }
}
