package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opensbc.rules.model.TrunkSpec;

class TrunkCredentialsTest {

    private static final TrunkSpec.Digest ACCOUNT = new TrunkSpec.Digest("gw", "secret", "", true, 3600);
    private static final String CHALLENGE = "Digest realm=\"provider\", nonce=\"n1\"";

    @Test
    void aProxyChallengeIsAnsweredWithProxyAuthorization() {
        assertEquals("Proxy-Authenticate", TrunkCredentials.challengeHeader(407));
        assertEquals("WWW-Authenticate", TrunkCredentials.challengeHeader(401));
        assertEquals("Proxy-Authorization",
                TrunkCredentials.answer(407, CHALLENGE, "INVITE", "sip:1@h", ACCOUNT).headerName());
        TrunkCredentials.Credentials www = TrunkCredentials.answer(401, CHALLENGE, "REGISTER", "sip:h", ACCOUNT);
        assertEquals("Authorization", www.headerName());
        assertTrue(www.value().startsWith("Digest username=\"gw\", realm=\"provider\", nonce=\"n1\", uri=\"sip:h\""),
                www.value());
    }

    @Test
    void nothingToAnswerWithGivesNull() {
        assertNull(TrunkCredentials.answer(401, CHALLENGE, "REGISTER", "sip:h", null), "no account");
        assertNull(TrunkCredentials.answer(401, null, "REGISTER", "sip:h", ACCOUNT), "no challenge header");
        assertNull(TrunkCredentials.answer(401, "Digest realm=\"other\", nonce=\"n\"", "REGISTER", "sip:h",
                new TrunkSpec.Digest("gw", "secret", "mine", true, 3600)), "another realm");
    }
}
