package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A phone that sends its REGISTER from one port and listens for calls on the one its Contact
 * names (and says so honestly in its Via) is not behind NAT: calls reach its Contact, as
 * Kamailio's nat_uac_test would have it. Gateway on the shipped defaults.
 */
@Timeout(120)
class NatDetectionIT {

    private static final String BOB_IP = "127.0.0.4";

    @Test
    void aContactOnAnotherPortThanTheSourceIsCalledThere() throws Exception {
        try (ShippedGateway gw = ShippedGateway.start()) {
            int registerPort = TestGateway.freeUdpAndTcpPort();
            int listenPort = TestGateway.freeUdpAndTcpPort();
            Sipp.Result registered = Sipp.start("register-contact-port.xml", "127.0.0.1:" + gw.sipPort, "u1", BOB_IP,
                    registerPort, List.of("bob;" + Sipp.auth("bob", ShippedGateway.password("bob")) + ";" + listenPort))
                    .await();
            assertEquals(0, registered.exitCode(), registered.output());
            String listing = gw.admin("/registrations");
            assertTrue(listing.contains("\"contact\":\"sip:bob@" + BOB_IP + ":" + listenPort)
                    && listing.contains("\"natted\":false") && listing.contains("\"route\":null"), listing);

            Sipp.Running bob = Sipp.start("uas-answer.xml", null, "u1", BOB_IP, listenPort, null);
            Thread.sleep(200);
            Sipp.Result alice = Sipp.start("uac-call.xml", "127.0.0.1:" + gw.sipPort, "u1", "127.0.0.2",
                    TestGateway.freeUdpAndTcpPort(),
                    List.of("alice;" + Sipp.auth("alice", ShippedGateway.password("alice")) + ";bob")).await();
            Sipp.Result callee = bob.await();
            assertEquals(0, alice.exitCode(), "the call must reach bob at his Contact: " + alice.output());
            assertEquals(0, callee.exitCode(), callee.output());
            gw.awaitCallsReleased();
        }
    }
}
