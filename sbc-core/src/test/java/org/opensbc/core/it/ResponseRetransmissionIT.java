package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A retransmitted request (same branch) that reaches a completed server transaction gets the
 * same final response again (RFC 3261 17.2.2). Guards the stack's "Aggressive" release of
 * messages at transaction cleanup: it must not drop what answering a retransmission needs.
 */
@Timeout(60)
class ResponseRetransmissionIT {

    @Test
    void retransmittedInDialogRequestGetsTheSameFinalResponseAgain() throws Exception {
        try (TestGateway gw = TestGateway.start(); UdpPeer peer = new UdpPeer("127.0.0.2", gw.sipPort)) {
            String bye = "BYE sip:sbc@127.0.0.1:" + gw.sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + peer.ip() + ":" + peer.port() + ";branch=z9hG4bK-retrans-1;rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                    + "To: <sip:bob@127.0.0.1>;tag=b1\r\n"
                    + "Call-ID: retransmitted-bye@127.0.0.2\r\n"
                    + "CSeq: 2 BYE\r\n"
                    + "Content-Length: 0\r\n\r\n";
            peer.send(bye);
            String first = peer.finalResponse(5000);
            assertNotNull(first, "no answer to the BYE");
            assertTrue(first.startsWith("SIP/2.0 481 "), first);
            for (int i = 0; i < 2; i++) {
                peer.send(bye);
                assertEquals(first, peer.finalResponse(5000), "answer to retransmission " + (i + 1));
            }
        }
    }
}
