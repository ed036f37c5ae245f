package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensbc.core.trunk.RegistrationAction.SendRegister;
import org.opensbc.core.trunk.RegistrationMachine.Answer;
import org.opensbc.core.trunk.RegistrationMachine.Step;
import org.opensbc.core.trunk.RegistrationState.Phase;
import org.opensbc.core.trunk.RegistrationState.Standing;
import org.opensbc.rules.model.TrunkSpec;

/**
 * The outbound registration as a state x event -> state + actions table: every phase meets every
 * event. Each row starts from (phase, "registered", CSeq 5, next REGISTER due at 10 s), the event
 * at 20 s ("tick-early" at 5 s).
 */
class TrunkRegistrationMachineTest {

    private static final String URI = "sip:provider.example:5060";
    private static final String CHALLENGE = "Digest realm=\"provider\", nonce=\"abc\", qop=\"auth\"";
    private static final TrunkSpec.Digest ACCOUNT = new TrunkSpec.Digest("gw", "secret", "", true, 3600);
    private static final StoredRegistration.Settings SETTINGS = new StoredRegistration.Settings(
            "sip:provider.example:5060;transport=udp", "gw", "sip:gw@192.0.2.1:5060", 3600);
    private final RegistrationMachine machine = new RegistrationMachine(ACCOUNT);

    @ParameterizedTest(name = "{0} x {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            NEW                   | tick-due     | REGISTERING           | registered              | 6 | 50000  | send 6 3600
            REGISTERING           | tick-due     | REGISTERING           | registered              | 6 | 50000  | send 6 3600
            CHALLENGED            | tick-due     | REGISTERING           | registered              | 6 | 50000  | send 6 3600
            UNREGISTERING         | tick-due     | UNREGISTERING         | registered              | 5 | 10000  |
            UNREGISTER_CHALLENGED | tick-due     | UNREGISTER_CHALLENGED | registered              | 5 | 10000  |
            NEW                   | tick-early   | NEW                   | registered              | 5 | 10000  |
            REGISTERING           | tick-early   | REGISTERING           | registered              | 5 | 10000  |
            CHALLENGED            | tick-early   | CHALLENGED            | registered              | 5 | 10000  |
            UNREGISTERING         | tick-early   | UNREGISTERING         | registered              | 5 | 10000  |
            UNREGISTER_CHALLENGED | tick-early   | UNREGISTER_CHALLENGED | registered              | 5 | 10000  |
            NEW                   | 180          | NEW                   | registered              | 5 | 10000  |
            REGISTERING           | 180          | REGISTERING           | registered              | 5 | 10000  |
            CHALLENGED            | 180          | CHALLENGED            | registered              | 5 | 10000  |
            UNREGISTERING         | 180          | UNREGISTERING         | registered              | 5 | 10000  |
            UNREGISTER_CHALLENGED | 180          | UNREGISTER_CHALLENGED | registered              | 5 | 10000  |
            NEW                   | 200          | NEW                   | registered              | 5 | 920000 | registered 1800
            REGISTERING           | 200          | REGISTERING           | registered              | 5 | 920000 | registered 1800
            CHALLENGED            | 200          | CHALLENGED            | registered              | 5 | 920000 | registered 1800
            UNREGISTERING         | 200          | UNREGISTERING         | unregistered            | 5 | 10000  | unregistered 200
            UNREGISTER_CHALLENGED | 200          | UNREGISTER_CHALLENGED | unregistered            | 5 | 10000  | unregistered 200
            NEW                   | 401          | CHALLENGED            | registered              | 6 | 10000  | send 6 3600 Authorization
            REGISTERING           | 401          | CHALLENGED            | registered              | 6 | 10000  | send 6 3600 Authorization
            CHALLENGED            | 401          | CHALLENGED            | failed 401              | 5 | 50000  | failed 401 Unauthorized
            UNREGISTERING         | 401          | UNREGISTER_CHALLENGED | registered              | 6 | 10000  | send 6 0 Authorization
            UNREGISTER_CHALLENGED | 401          | UNREGISTER_CHALLENGED | unregister failed 401   | 5 | 10000  | unregistered 401
            NEW                   | 407          | CHALLENGED            | registered              | 6 | 10000  | send 6 3600 Proxy-Authorization
            REGISTERING           | 407          | CHALLENGED            | registered              | 6 | 10000  | send 6 3600 Proxy-Authorization
            CHALLENGED            | 407          | CHALLENGED            | failed 407              | 5 | 50000  | failed 407 Proxy Authentication Required
            UNREGISTERING         | 407          | UNREGISTER_CHALLENGED | registered              | 6 | 10000  | send 6 0 Proxy-Authorization
            UNREGISTER_CHALLENGED | 407          | UNREGISTER_CHALLENGED | unregister failed 407   | 5 | 10000  | unregistered 407
            NEW                   | 401-bare     | CHALLENGED            | failed 401              | 5 | 50000  | failed 401 Unauthorized
            REGISTERING           | 401-bare     | CHALLENGED            | failed 401              | 5 | 50000  | failed 401 Unauthorized
            CHALLENGED            | 401-bare     | CHALLENGED            | failed 401              | 5 | 50000  | failed 401 Unauthorized
            UNREGISTERING         | 401-bare     | UNREGISTER_CHALLENGED | unregister failed 401   | 5 | 10000  | unregistered 401
            UNREGISTER_CHALLENGED | 401-bare     | UNREGISTER_CHALLENGED | unregister failed 401   | 5 | 10000  | unregistered 401
            NEW                   | 403          | NEW                   | failed 403              | 5 | 50000  | failed 403 Forbidden
            REGISTERING           | 403          | REGISTERING           | failed 403              | 5 | 50000  | failed 403 Forbidden
            CHALLENGED            | 403          | CHALLENGED            | failed 403              | 5 | 50000  | failed 403 Forbidden
            UNREGISTERING         | 403          | UNREGISTERING         | unregister failed 403   | 5 | 10000  | unregistered 403
            UNREGISTER_CHALLENGED | 403          | UNREGISTER_CHALLENGED | unregister failed 403   | 5 | 10000  | unregistered 403
            NEW                   | timeout      | NEW                   | no answer               | 5 | 50000  | no answer
            REGISTERING           | timeout      | REGISTERING           | no answer               | 5 | 50000  | no answer
            CHALLENGED            | timeout      | CHALLENGED            | no answer               | 5 | 50000  | no answer
            UNREGISTERING         | timeout      | UNREGISTERING         | registered              | 5 | 10000  | unregister unanswered
            UNREGISTER_CHALLENGED | timeout      | UNREGISTER_CHALLENGED | registered              | 5 | 10000  | unregister unanswered
            NEW                   | not-sent     | NEW                   | registered              | 5 | 10000  |
            REGISTERING           | not-sent     | REGISTERING           | not sent: no route      | 5 | 10000  |
            CHALLENGED            | not-sent     | CHALLENGED            | registered              | 5 | 10000  |
            UNREGISTERING         | not-sent     | UNREGISTERING         | registered              | 5 | 10000  |
            UNREGISTER_CHALLENGED | not-sent     | UNREGISTER_CHALLENGED | registered              | 5 | 10000  |
            NEW                   | shutdown     | UNREGISTERING         | registered              | 6 | 10000  | send 6 0
            REGISTERING           | shutdown     | UNREGISTERING         | registered              | 6 | 10000  | send 6 0
            CHALLENGED            | shutdown     | UNREGISTERING         | registered              | 6 | 10000  | send 6 0
            UNREGISTERING         | shutdown     | UNREGISTERING         | registered              | 6 | 10000  | send 6 0
            UNREGISTER_CHALLENGED | shutdown     | UNREGISTERING         | registered              | 6 | 10000  | send 6 0
            """)
    void table(Phase phase, String event, Phase nextPhase, String label, long cseq, long nextAt, String actions) {
        RegistrationState from = new RegistrationState(phase, Standing.REGISTERED, null, 5, 10_000, null);
        Step step = fire(from, event);
        assertEquals(nextPhase, step.state().phase(), "phase");
        assertEquals(label, step.state().label(), "label");
        assertEquals(cseq, step.state().cseq(), "cseq");
        assertEquals(nextAt, step.state().nextAtMillis(), "next REGISTER at");
        assertEquals(actions == null ? "" : actions, describe(step.actions()));
    }

    /**
     * At start, the registration the previous run stored (CSeq 7, granted {@code granted} s, lapsing
     * at 4000 s): taken over while more than 10% of its lifetime (at least 30 s, at most half) is
     * left and its settings are the same; then no REGISTER before its refresh time (half the
     * lifetime before it lapses), where the refresh counts the stored CSeq on. Otherwise the
     * account starts anew: a REGISTER at once with CSeq 1.
     */
    @ParameterizedTest(name = "granted {0}, at {1} ms, {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            600  | 3500000 | same      | registered (restored) | 3700000 | restored 200                       | send 8 3600
            600  | 3699999 | same      | registered (restored) | 3700000 | restored 0                         | send 8 3600
            600  | 3800000 | same      | registered (restored) | 3700000 | restored 0                         | send 8 3600
            600  | 3939999 | same      | registered (restored) | 3700000 | restored 0                         | send 8 3600
            600  | 3940000 | same      | pending               | 0       | not restored: it lapses in 60 s    | send 1 3600
            600  | 4000000 | same      | pending               | 0       | not restored: it lapsed            | send 1 3600
            60   | 3969999 | same      | registered (restored) | 3970000 | restored 0                         | send 8 3600
            60   | 3970000 | same      | pending               | 0       | not restored: it lapses in 30 s    | send 1 3600
            3600 | 1000000 | same      | registered (restored) | 2200000 | restored 1200                      | send 8 3600
            3600 | 3639999 | same      | registered (restored) | 2200000 | restored 0                         | send 8 3600
            3600 | 3640000 | same      | pending               | 0       | not restored: it lapses in 360 s   | send 1 3600
            600  | 3500000 | registrar | pending               | 0       | not restored: its settings changed | send 1 3600
            600  | 3500000 | user      | pending               | 0       | not restored: its settings changed | send 1 3600
            600  | 3500000 | contact   | pending               | 0       | not restored: its settings changed | send 1 3600
            600  | 3500000 | expires   | pending               | 0       | not restored: its settings changed | send 1 3600
            """)
    void restore(int granted, long now, String change, String label, long nextAt, String actions, String first) {
        StoredRegistration stored = new StoredRegistration(SETTINGS, "call-1", "tag-1", 7,
                new RegistrationLease(granted, 4_000_000));
        Step step = machine.restore(stored, changed(SETTINGS, change), now);
        assertEquals(label, step.state().label(), "label");
        assertEquals(nextAt, step.state().nextAtMillis(), "next REGISTER at");
        assertEquals(actions, describe(step.actions()));
        if (nextAt > now) {
            assertTrue(machine.tick(step.state(), nextAt - 1).actions().isEmpty(), "no REGISTER before the refresh");
        }
        Step due = machine.tick(step.state(), Math.max(now, nextAt));
        assertEquals(first, describe(due.actions()), "the first REGISTER of this run");
    }

    /** After a restore: the refresh's CSeq is what the store keeps, its 200 a new lease, and shutdown withdraws it. */
    @Test
    void aRestoredRegistrationIsRefreshedKeptAndWithdrawn() {
        StoredRegistration stored = new StoredRegistration(SETTINGS, "call-1", "tag-1", 7,
                new RegistrationLease(600, 1_000_000));
        Step step = machine.restore(stored, SETTINGS, 500_000);
        assertEquals(stored, StoredRegistration.of(step.state(), SETTINGS, "call-1", "tag-1"), "nothing new to keep");
        step = machine.tick(step.state(), 700_000);
        assertEquals(8, StoredRegistration.of(step.state(), SETTINGS, "call-1", "tag-1").cseq(),
                "the CSeq of the refresh in flight is kept");
        step = machine.answered(step.state(), new Answer(200, "OK", 600, -1, null, URI), 700_010);
        assertEquals("registered", step.state().label());
        assertEquals(new RegistrationLease(600, 1_300_010), step.state().lease());
        assertEquals(1_000_010, step.state().nextAtMillis(), "the next refresh at half the new lifetime");
        assertEquals("send 9 0", describe(machine.shutdown(step.state()).actions()));
        Step withdrawn = machine.shutdown(machine.restore(stored, SETTINGS, 500_000).state());
        assertEquals("send 8 0", describe(withdrawn.actions()), "a restored registration is withdrawn at shutdown too");
        assertNull(StoredRegistration.of(withdrawn.state(), SETTINGS, "call-1", "tag-1"), "nothing kept once withdrawn");
    }

    /** A restored registration whose refresh is refused stands no more: nothing is kept of it. */
    @Test
    void aRestoredRegistrationWhoseRefreshFailsIsNotKept() {
        StoredRegistration stored = new StoredRegistration(SETTINGS, "call-1", "tag-1", 7,
                new RegistrationLease(600, 1_000_000));
        Step step = machine.tick(machine.restore(stored, SETTINGS, 700_000).state(), 700_000);
        step = machine.answered(step.state(), new Answer(403, "Forbidden", -1, -1, null, URI), 700_010);
        assertEquals("failed 403", step.state().label());
        assertNull(StoredRegistration.of(step.state(), SETTINGS, "call-1", "tag-1"));
    }

    private static StoredRegistration.Settings changed(StoredRegistration.Settings s, String what) {
        return switch (what) {
            case "same" -> s;
            case "registrar" -> new StoredRegistration.Settings("sip:other.example:5060;transport=udp", s.user(),
                    s.contact(), s.expiresSeconds());
            case "user" -> new StoredRegistration.Settings(s.registrar(), "gw2", s.contact(), s.expiresSeconds());
            case "contact" -> new StoredRegistration.Settings(s.registrar(), s.user(), "sip:gw@192.0.2.9:5060",
                    s.expiresSeconds());
            case "expires" -> new StoredRegistration.Settings(s.registrar(), s.user(), s.contact(), 1800);
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** Only a registered account is withdrawn at shutdown: any other standing stays as it is. */
    @ParameterizedTest
    @CsvSource({"PENDING,", "FAILED,403", "NO_ANSWER,", "NOT_SENT,no route", "UNREGISTERED,", "UNREGISTER_FAILED,500"})
    void shutdownLeavesAnAccountThatIsNotRegistered(Standing standing, String detail) {
        RegistrationState from = new RegistrationState(Phase.REGISTERING, standing, detail, 5, 10_000, null);
        assertEquals(from, machine.shutdown(from).state());
        assertTrue(machine.shutdown(from).actions().isEmpty());
    }

    @Test
    void aNewAccountRegistersAtOnceAndShowsPending() {
        assertEquals("pending", RegistrationState.INITIAL.label());
        Step first = machine.tick(RegistrationState.INITIAL, 1_000);
        assertEquals("send 1 3600", describe(first.actions()));
        assertEquals("pending", first.state().label(), "pending until answered");
    }

    @Test
    void theGrantedLifetimeIsTheContactsThenExpiresThenTheOneAsked() {
        RegistrationState s = machine.tick(RegistrationState.INITIAL, 0).state();
        assertEquals("registered 120", describe(machine.answered(s, new Answer(200, "OK", 120, 1800, null, URI), 0).actions()));
        assertEquals("registered 1800", describe(machine.answered(s, new Answer(200, "OK", -1, 1800, null, URI), 0).actions()));
        assertEquals("registered 3600", describe(machine.answered(s, new Answer(200, "OK", 0, -1, null, URI), 0).actions()));
    }

    /** A whole life: register through a challenge, refresh at half the lifetime, withdraw at shutdown. */
    @Test
    void registerRefreshAndWithdraw() {
        Step step = machine.tick(RegistrationState.INITIAL, 0);
        step = machine.answered(step.state(), new Answer(401, "Unauthorized", -1, -1, CHALLENGE, URI), 10);
        SendRegister again = (SendRegister) step.actions().get(0);
        assertTrue(again.credentials().value().startsWith("Digest username=\"gw\", realm=\"provider\", nonce=\"abc\", "
                + "uri=\"" + URI + "\""), again.credentials().value());
        step = machine.answered(step.state(), new Answer(200, "OK", 600, -1, null, URI), 20);
        assertEquals("registered", step.state().label());
        assertTrue(machine.tick(step.state(), 299_999).actions().isEmpty(), "refresh at half of 600 s, not before");
        step = machine.tick(step.state(), 300_020);
        assertEquals("send 3 3600", describe(step.actions()), "a refresh starts without credentials again");
        assertEquals("registered", step.state().label(), "still registered while the refresh is in flight");
        step = machine.answered(step.state(), new Answer(200, "OK", 600, -1, null, URI), 300_030);
        step = machine.shutdown(step.state());
        assertEquals("send 4 0", describe(step.actions()));
        assertTrue(machine.tick(step.state(), 10_000_000).actions().isEmpty(), "no refresh once unregistering");
        step = machine.answered(step.state(), new Answer(200, "OK", -1, -1, null, URI), 300_040);
        assertEquals("unregistered", step.state().label());
    }

    @Test
    void aChallengeWhoseAnswerCouldNotGoCountsAsAFailure() {
        Answer challenge = new Answer(401, "Unauthorized", -1, -1, CHALLENGE, URI);
        Step step = machine.answered(machine.tick(RegistrationState.INITIAL, 0).state(), challenge, 0);
        step = machine.answered(step.state(), challenge.unanswerable(), 5);
        assertEquals("failed 401", step.state().label());
        assertEquals(30_005, step.state().nextAtMillis());
    }

    private Step fire(RegistrationState s, String event) {
        long now = 20_000;
        return switch (event) {
            case "tick-due" -> machine.tick(s, now);
            case "tick-early" -> machine.tick(s, 5_000);
            case "180" -> machine.answered(s, new Answer(180, "Ringing", -1, -1, null, URI), now);
            case "200" -> machine.answered(s, new Answer(200, "OK", -1, 1800, null, URI), now);
            case "401" -> machine.answered(s, new Answer(401, "Unauthorized", -1, -1, CHALLENGE, URI), now);
            case "407" -> machine.answered(s, new Answer(407, "Proxy Authentication Required", -1, -1, CHALLENGE, URI), now);
            case "401-bare" -> machine.answered(s, new Answer(401, "Unauthorized", -1, -1, null, URI), now);
            case "403" -> machine.answered(s, new Answer(403, "Forbidden", -1, -1, null, URI), now);
            case "timeout" -> machine.timedOut(s, now);
            case "not-sent" -> machine.notSent(s, "no route");
            case "shutdown" -> machine.shutdown(s);
            default -> throw new IllegalArgumentException(event);
        };
    }

    private static String describe(List<RegistrationAction> actions) {
        return actions.stream().map(TrunkRegistrationMachineTest::describe).collect(Collectors.joining("; "));
    }

    private static String describe(RegistrationAction action) {
        if (action instanceof SendRegister s) {
            return "send " + s.cseq() + " " + s.expiresSeconds()
                    + (s.credentials() == null ? "" : " " + s.credentials().headerName());
        } else if (action instanceof RegistrationAction.Registered r) {
            return "registered " + r.grantedSeconds();
        } else if (action instanceof RegistrationAction.Failed f) {
            return "failed " + f.status() + " " + f.reason();
        } else if (action instanceof RegistrationAction.NoAnswer) {
            return "no answer";
        } else if (action instanceof RegistrationAction.Unregistered u) {
            return "unregistered " + u.status();
        } else if (action instanceof RegistrationAction.Restored r) {
            return "restored " + r.refreshInSeconds();
        } else if (action instanceof RegistrationAction.NotRestored n) {
            return "not restored: " + n.why();
        }
        return "unregister unanswered";
    }
}
