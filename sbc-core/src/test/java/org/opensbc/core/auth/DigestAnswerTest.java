package org.opensbc.core.auth;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The gateway answering a trunk's challenge, checked against RFC 2617's worked example. */
class DigestAnswerTest {

    @Test
    void rfc2617ExampleWithQopAuth() {
        String challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        String answer = DigestAnswer.answer(challenge, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "",
                "0a4f113b");
        assertTrue(answer.contains("response=\"6629fae49393a05397450978507c4ef1\""), answer);
        assertTrue(answer.contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\"") && answer.contains(
                "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), answer);
    }

    @Test
    void withoutQopTheOldFormIsUsed() {
        String answer = DigestAnswer.answer("Digest realm=\"r\", nonce=\"n\"", "INVITE", "sip:1@h", "u", "p", "", "c");
        String expected = Md5.hex(Md5.ha1("u", "r", "p") + ":n:" + Md5.hex("INVITE:sip:1@h"));
        assertTrue(answer.contains("response=\"" + expected + "\"") && !answer.contains("qop"), answer);
    }

    @Test
    void anotherAlgorithmOrRealmIsNotAnswered() {
        assertNull(DigestAnswer.answer("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256", "INVITE", "sip:1@h", "u", "p", ""));
        assertNull(DigestAnswer.answer("Digest realm=\"other\", nonce=\"n\"", "INVITE", "sip:1@h", "u", "p", "mine"));
        assertNull(DigestAnswer.answer("Basic realm=\"r\"", "INVITE", "sip:1@h", "u", "p", ""));
    }
}
