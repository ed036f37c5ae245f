package org.opensbc.core.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensbc.core.auth.AuthFailureTracker;
import org.opensbc.core.auth.DigestAuthenticator;
import org.opensbc.core.auth.DigestCredentials;
import org.opensbc.core.auth.Md5;
import org.opensbc.core.auth.MutableClock;
import org.opensbc.core.auth.NonceService;
import org.opensbc.core.auth.UserDirectory;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.net.NatDetection;

/** The REGISTER decision in RFC 3261 10.3's order, fed views: no SIP stack, no sockets. */
class RegisterPolicyTest {

    private static final String PHONE = "192.0.2.10";
    private final MutableClock clock = new MutableClock();
    private final DigestAuthenticator auth = new DigestAuthenticator(
            new UserDirectory("sbc", Map.of("alice", Md5.ha1("alice", "sbc", "secret"))),
            new NonceService(clock, Duration.ofSeconds(60)),
            new AuthFailureTracker(clock, 3, Duration.ofSeconds(60), Duration.ofSeconds(60)));
    private final LocationService location = new LocationService(clock, new GatewayConfig.Registrar(60, 3600, 600, 3));
    private final RegisterPolicy policy = new RegisterPolicy(auth, location,
            LocalDomains.of(List.of("example.com"), "192.0.2.2"), new NatDetection(NatDetection.Mode.AUTO), 100);
    private long cseq;

    @Test
    void toWithoutUserOrForeignDomainIsRefusedBeforeAuthentication() {
        assertEquals(new RegisterOutcome.Refused(400, "To must be a SIP URI with a user"),
                policy.decide(view(null, "example.com", null, "UDP", contacts("sip:alice@" + PHONE))));
        assertEquals(new RegisterOutcome.Refused(403, "Not a local domain"),
                policy.decide(view("alice", "elsewhere.org", null, "UDP", contacts("sip:alice@" + PHONE))));
    }

    @Test
    void noCredentialsGetAChallengeInTheRealm() {
        var challenge = assertInstanceOf(RegisterOutcome.Challenge.class,
                policy.decide(view("alice", "example.com", null, "UDP", contacts("sip:alice@" + PHONE))));
        assertEquals("sbc", challenge.realm());
        assertFalse(challenge.nonce().isEmpty());
        assertFalse(challenge.stale());
    }

    @Test
    void wrongPasswordsAreRejectedAndTheThirdStartsABan() {
        for (int i = 1; i <= 3; i++) {
            var rejected = assertInstanceOf(RegisterOutcome.Rejected.class, policy.decide(signed("alice", "guess",
                    "example.com", "UDP", contacts("sip:alice@" + PHONE))));
            assertEquals(i == 3, rejected.banStarted(), "attempt " + i);
        }
    }

    @Test
    void anotherUsersCredentialsOrABadContactAreRefused() {
        assertEquals(new RegisterOutcome.Refused(403, "Authentication user does not match To"),
                policy.decide(signed("alice", "secret", "example.com", "UDP", contacts("sip:bob@" + PHONE), "bob")));
        assertEquals(new RegisterOutcome.Refused(400, "Bad Contact"),
                policy.decide(signed("alice", "secret", "example.com", "UDP", null)));
    }

    @Test
    void acceptedBindingsAreKeyedByTheNormalAor() {
        var ok = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(signed("alice", "secret", "EXAMPLE.com", "UDP", contacts("sip:alice@" + PHONE))));
        assertEquals(1, ok.bindings().size());
        assertEquals(0, ok.flowTimerSeconds(), "no outbound asked");
        assertEquals(1, location.lookup("alice@example.com").size());
        assertNull(ok.bindings().get(0).route(), "Contact, Via and source agree: no NAT");
    }

    @Test
    void aPrivateContactIsReachedAtTheSourceAndAWebSocketOverItsFlow() {
        var natted = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(signed("alice", "secret", "example.com", "UDP", contacts("sip:alice@10.0.0.5"))));
        assertEquals("UDP:" + PHONE + ":5060", natted.bindings().get(0).route());
        var ws = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(signed("alice", "secret", "example.com", "WSS", contacts("sip:x@df7jal23ls0d.invalid"))));
        Binding flowBound = ws.bindings().stream().filter(b -> b.flow() != null).findFirst().orElseThrow();
        assertEquals("WSS:" + PHONE + ":5060", flowBound.flow());
        assertNull(flowBound.route());
    }

    @Test
    void outboundGetsAFlowTimerByTransport() {
        List<ContactSpec> instance = List.of(new ContactSpec("sip:alice@" + PHONE, "<sip:alice@" + PHONE + ">", -1,
                "<urn:uuid:1>", 1));
        var udp = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(outbound(signed("alice", "secret", "example.com", "UDP", instance))));
        assertEquals(RegisterPolicy.UDP_FLOW_TIMER_SECONDS, udp.flowTimerSeconds());
        var tcp = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(outbound(signed("alice", "secret", "example.com", "TCP", instance))));
        assertEquals(100, tcp.flowTimerSeconds());
        var plain = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(outbound(signed("alice", "secret", "example.com", "UDP", contacts("sip:alice@" + PHONE)))));
        assertEquals(0, plain.flowTimerSeconds(), "a Contact without +sip.instance and reg-id");
    }

    @Test
    void tooBriefFetchAndRemoveAll() {
        assertEquals(new RegisterOutcome.IntervalTooBrief(60), policy.decide(signed("alice", "secret", "example.com",
                "UDP", List.of(new ContactSpec("sip:alice@" + PHONE, "<sip:alice@" + PHONE + ">", 10, null, 0)))));
        policy.decide(signed("alice", "secret", "example.com", "UDP", contacts("sip:alice@" + PHONE)));
        var fetch = assertInstanceOf(RegisterOutcome.Accepted.class,
                policy.decide(signed("alice", "secret", "example.com", "UDP", List.of())));
        assertEquals(1, fetch.bindings().size(), "no Contact: the bindings as they are");
        RegisterView all = signed("alice", "secret", "example.com", "UDP", List.of());
        all = new RegisterView(all.toUser(), all.toHost(), all.credentials(), all.source(), all.callId(), all.cseq(),
                all.branch(), 0, true, List.of(), List.of(), false);
        var removed = assertInstanceOf(RegisterOutcome.Accepted.class, policy.decide(all));
        assertTrue(removed.bindings().isEmpty());
        assertEquals(0, location.bindingCount());
    }

    private static List<ContactSpec> contacts(String uri) {
        return List.of(new ContactSpec(uri, "<" + uri + ">", -1, null, 0));
    }

    private RegisterView view(String user, String host, DigestCredentials credentials, String transport,
            List<ContactSpec> contacts) {
        cseq++;
        String key = transport + ":" + PHONE + ":5060";
        List<NatDetection.Facts> nat = contacts == null ? List.of() : contacts.stream().map(c -> new NatDetection.Facts(
                transport, PHONE, 5060, PHONE, 5060, c.uri().substring(c.uri().indexOf('@') + 1), 5060)).toList();
        return new RegisterView(user, host, credentials,
                new RegisterView.Source(transport, PHONE, key, transport.startsWith("WS")), "call-1", cseq,
                "z9hG4bK" + cseq, -1, false, contacts, nat, false);
    }

    private RegisterView signed(String user, String password, String host, String transport, List<ContactSpec> contacts) {
        return signed(user, password, host, transport, contacts, user);
    }

    /** A view whose Authorization answers a fresh nonce for it, as {@code authUser} with {@code password}. */
    private RegisterView signed(String authUser, String password, String host, String transport,
            List<ContactSpec> contacts, String toUser) {
        RegisterView bare = view(toUser, host, null, transport, contacts);
        String nonce = auth.newNonce(bare.identity());
        String ha2 = Md5.hex("REGISTER:sip:example.com");
        String response = Md5.hex(Md5.ha1(authUser, "sbc", password) + ":" + nonce + ":00000001:cn:auth:" + ha2);
        DigestCredentials credentials = new DigestCredentials(authUser, "sbc", nonce, "sip:example.com", response,
                "MD5", "auth", "00000001", "cn");
        return new RegisterView(bare.toUser(), bare.toHost(), credentials, bare.source(), bare.callId(), bare.cseq(),
                bare.branch(), bare.expiresHeader(), bare.wildcard(), bare.contacts(), bare.nat(), false);
    }

    private static RegisterView outbound(RegisterView v) {
        return new RegisterView(v.toUser(), v.toHost(), v.credentials(), v.source(), v.callId(), v.cseq(), v.branch(),
                v.expiresHeader(), v.wildcard(), v.contacts(), v.nat(), true);
    }
}
