package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NAT handling and OPTIONS: a phone whose Contact names a private address gets its source stored
 * as the route (alias) and keepalive OPTIONS on that source; OPTIONS to the gateway answers with
 * Allow, Accept and Supported and no product header.
 */
@Timeout(60)
class NatAndOptionsIT {

    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start("nat: { keepaliveIntervalSeconds: 1 }");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void nattedContactIsAliasedToItsSourceAndKeptAlive() throws Exception {
        String uri = "sip:127.0.0.1:" + gw.sipPort;
        try (UdpPeer phone = new UdpPeer("127.0.0.21", gw.sipPort)) {
            // The phone believes it is 10.0.0.5:5060; the gateway sees 127.0.0.21:<port>.
            String privateContact = "Contact: <sip:alice@10.0.0.5:5060>";
            String first = phone.register("alice", "nat-1", 1, null)
                    .replace("Contact: <sip:alice@127.0.0.21:" + phone.port() + ">", privateContact);
            phone.send(first);
            String challenge = phone.finalResponse(3000);
            assertTrue(challenge.contains("received=127.0.0.21") && challenge.contains("rport=" + phone.port()), challenge);
            String auth = DigestClient.authorization("alice", TestGateway.ALICE_PASSWORD, DigestClient.nonce(challenge), uri, 1);
            phone.send(phone.register("alice", "nat-1", 2, auth)
                    .replace("Contact: <sip:alice@127.0.0.21:" + phone.port() + ">", privateContact));
            assertEquals("SIP/2.0 200 OK", DigestClient.status(phone.finalResponse(3000)));

            String listing = gw.admin("/registrations");
            assertTrue(listing.contains("\"route\":\"UDP:127.0.0.21:" + phone.port() + "\"") && listing.contains("\"natted\":true"),
                    listing);
            assertTrue(listing.contains("\"natReason\":\"Contact address 10.0.0.5 is private, the source is 127.0.0.21\""),
                    "/registrations says why: " + listing);

            String keepalive = null;
            long end = System.currentTimeMillis() + 5000;
            while (keepalive == null && System.currentTimeMillis() < end) {
                String m = phone.receive(1000);
                if (m != null && m.startsWith("OPTIONS ")) {
                    keepalive = m;
                }
            }
            assertNotNull(keepalive, "no keepalive OPTIONS reached the NATed source address");
            assertTrue(keepalive.startsWith("OPTIONS sip:alice@10.0.0.5:5060 SIP/2.0"), keepalive);
            assertFalse(keepalive.contains("Route:"), "no Route header may reveal the alias: " + keepalive);
            assertTrue(gw.metric("sbc_nat_keepalives_total") >= 1);
        }
    }

    @Test
    void optionsToTheGatewayListsCapabilitiesAndNoProduct() throws Exception {
        try (UdpPeer peer = new UdpPeer("127.0.0.22", gw.sipPort)) {
            peer.send(peer.options("opt-1"));
            String r = peer.finalResponse(3000);
            assertEquals("SIP/2.0 200 OK", DigestClient.status(r));
            assertTrue(r.contains("Allow: ") && r.contains("REGISTER") && r.contains("OPTIONS"), r);
            assertTrue(r.contains("Accept: application/sdp"), r);
            assertTrue(r.contains("Supported: "), r);
            assertFalse(r.contains("Server:") || r.contains("User-Agent:"), "no product header by default: " + r);
        }
    }
}
