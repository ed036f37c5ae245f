package org.opensbc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** REGISTER with digest auth, driven by real SIPp over UDP and TCP (scenarios in sipp-scenarios/). */
@Timeout(120)
class RegisterSippIT {

    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static List<String> alice() {
        return List.of("alice;" + Sipp.auth("alice", TestGateway.ALICE_PASSWORD) + ";" + Sipp.auth("alice", "not-the-password"));
    }

    @Test
    void registersOverUdpWithDigestAuthAndShowsInListing() throws Exception {
        Sipp.Result r = Sipp.run("register.xml", gw.sipPort, "u1", "127.0.0.1", alice());
        assertEquals(0, r.exitCode(), r.output());
        String listing = gw.admin("/registrations");
        assertTrue(listing.contains("\"aor\":\"alice@127.0.0.1\"") && listing.contains("transport=UDP"), listing);
    }

    @Test
    void registersOverTcp() throws Exception {
        Sipp.Result r = Sipp.run("register.xml", gw.sipPort, "t1", "127.0.0.1", alice());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(gw.admin("/registrations").contains("transport=TCP"));
    }

    @Test
    void refreshesAndUnregisters() throws Exception {
        // bob alone: the scenario checks that the final 200 lists no contact at all
        Sipp.Result r = Sipp.run("register-refresh-unregister.xml", gw.sipPort, "u1", "127.0.0.3",
                List.of("bob;" + Sipp.auth("bob", TestGateway.BOB_PASSWORD)));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(!gw.admin("/registrations").contains("bob@"), "bob's binding must be gone");
    }

    @Test
    void wrongPasswordIsRefusedAndCounted() throws Exception {
        double before = gw.metric("sbc_auth_failures_total");
        Sipp.Result r = Sipp.run("register-wrong-password.xml", gw.sipPort, "u1", "127.0.0.4", alice());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(before + 1, gw.metric("sbc_auth_failures_total"));
    }

    @Test
    void unknownUserGetsTheSameChallenge() throws Exception {
        Sipp.Result r = Sipp.run("register-unknown-user.xml", gw.sipPort, "u1", "127.0.0.5",
                List.of("mallory;" + Sipp.auth("mallory", "whatever-pass")));
        assertEquals(0, r.exitCode(), r.output());
    }
}
