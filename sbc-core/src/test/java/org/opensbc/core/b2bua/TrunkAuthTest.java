package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.opensbc.core.net.AdvertisedAddresses;
import org.opensbc.core.registrar.LocalDomains;
import org.opensbc.rules.model.TrunkSpec;

/** The JAIN-SIP lines around {@link org.opensbc.core.trunk.TrunkCredentials}: what goes on the wire again. */
class TrunkAuthTest {

    private static final TrunkSpec.Digest ACCOUNT = new TrunkSpec.Digest("gw", "secret", "", true, 3600);

    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final TrunkAuth auth;

    TrunkAuthTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        SipContext sip = new SipContext(null, messages, headers, addresses, null,
                new AdvertisedAddresses("192.0.2.2", null, "192.0.2.2", null, "test"), null,
                LocalDomains.of(List.of("example.com"), "192.0.2.2"));
        auth = new TrunkAuth(sip);
    }

    private Request register() throws Exception {
        SipURI uri = addresses.createSipURI(null, "provider.example");
        uri.setPort(5060);
        SipURI aor = addresses.createSipURI("gw", "provider.example");
        ViaHeader via = headers.createViaHeader("192.0.2.2", 5060, "udp", "z9hG4bK-first");
        return messages.createRequest(uri, Request.REGISTER, headers.createCallIdHeader("c1"),
                headers.createCSeqHeader(7L, Request.REGISTER), headers.createFromHeader(addresses.createAddress(aor), "t1"),
                headers.createToHeader(addresses.createAddress(aor), null), List.of(via),
                headers.createMaxForwardsHeader(70));
    }

    private Response challenge(Request sent, int status, String header) throws Exception {
        Response r = messages.createResponse(status, sent);
        r.setHeader(headers.createHeader(header, "Digest realm=\"provider\", nonce=\"n1\""));
        return r;
    }

    @Test
    void aChallengeIsAnsweredByTheSameRequestWithNextCSeqNewBranchAndCredentials() throws Exception {
        Request sent = register();
        Request again = auth.answer(sent, challenge(sent, 401, "WWW-Authenticate"), ACCOUNT);
        assertEquals(8, ((CSeqHeader) again.getHeader(CSeqHeader.NAME)).getSeqNumber());
        ViaHeader via = (ViaHeader) again.getHeader(ViaHeader.NAME);
        assertNull(via.getBranch(), "a new transaction: the stack gives the branch");
        assertEquals("192.0.2.2", via.getHost());
        String authorization = again.getHeader("Authorization").toString();
        assertTrue(authorization.contains("username=\"gw\"") && authorization.contains("uri=\"sip:provider.example:5060\""),
                authorization);
        assertEquals(7, ((CSeqHeader) sent.getHeader(CSeqHeader.NAME)).getSeqNumber(), "the request sent is left alone");
    }

    @Test
    void aProxyChallengeGetsProxyAuthorizationAndNoAccountNothing() throws Exception {
        Request sent = register();
        Request again = auth.answer(sent, challenge(sent, 407, "Proxy-Authenticate"), ACCOUNT);
        assertTrue(again.getHeader("Proxy-Authorization") != null && again.getHeader("Authorization") == null);
        assertNull(auth.answer(sent, challenge(sent, 407, "Proxy-Authenticate"), null));
        assertNull(auth.answer(sent, messages.createResponse(401, sent), ACCOUNT), "a 401 without a challenge");
    }
}
