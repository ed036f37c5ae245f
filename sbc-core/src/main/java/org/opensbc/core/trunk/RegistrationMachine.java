package org.opensbc.core.trunk;

import java.util.List;
import org.opensbc.core.trunk.RegistrationAction.Failed;
import org.opensbc.core.trunk.RegistrationAction.NoAnswer;
import org.opensbc.core.trunk.RegistrationAction.NotRestored;
import org.opensbc.core.trunk.RegistrationAction.Registered;
import org.opensbc.core.trunk.RegistrationAction.Restored;
import org.opensbc.core.trunk.RegistrationAction.SendRegister;
import org.opensbc.core.trunk.RegistrationAction.UnregisterUnanswered;
import org.opensbc.core.trunk.RegistrationAction.Unregistered;
import org.opensbc.core.trunk.RegistrationState.Phase;
import org.opensbc.core.trunk.RegistrationState.Standing;
import org.opensbc.rules.model.TrunkSpec;

/**
 * The gateway's registration to a provider that wants it ({@code digest: { register: true }}), as
 * a pure function of (state, event) to (state, actions): a REGISTER with the account, its 401/407
 * answered once, refreshed at half the granted lifetime, retried every 30 s after a failure or
 * no answer, withdrawn with Expires: 0 at shutdown, and taken over after a restart while the
 * lease the previous run stored lasts. No SIP stack, no clock, no I/O: the adapter (b2bua's
 * TrunkRegistrations) feeds events and performs the actions.
 */
public final class RegistrationMachine {

    /** After a failure or no answer, the next attempt. */
    public static final long RETRY_MILLIS = 30_000;
    private static final String METHOD = "REGISTER";

    private final TrunkSpec.Digest account;

    /**
     * An answer to a REGISTER, as far as the machine reads it.
     *
     * @param contactExpires expires of the answer's first Contact, or -1
     * @param expiresHeader  the answer's Expires, or -1
     * @param challenge      the WWW-/Proxy-Authenticate value of a 401/407, or null
     * @param requestUri     the Request-URI of the REGISTER answered (the digest covers it)
     */
    public record Answer(int status, String reason, int contactExpires, int expiresHeader, String challenge,
            String requestUri) {

        /** The same answer with its challenge taken away: what a challenge that could not be answered leaves. */
        public Answer unanswerable() {
            return new Answer(status, reason, contactExpires, expiresHeader, null, requestUri);
        }

        /** The lifetime granted: the Contact's expires, else Expires, else what was asked. */
        int granted(int asked) {
            return contactExpires > 0 ? contactExpires : expiresHeader > 0 ? expiresHeader : asked;
        }
    }

    /** A transition: the next state and what to do, in order. */
    public record Step(RegistrationState state, List<RegistrationAction> actions) {

        static Step stay(RegistrationState state) {
            return new Step(state, List.of());
        }
    }

    public RegistrationMachine(TrunkSpec.Digest account) {
        this.account = account;
    }

    /**
     * At start, the registration the previous run stored: taken over (standing "registered
     * (restored)", no REGISTER before its refresh time, which then keeps its Call-ID with the next
     * CSeq) when it was made with the settings of {@code now} and has not (nearly) lapsed;
     * otherwise the account starts {@link RegistrationState#INITIAL}, registering at once.
     */
    public Step restore(StoredRegistration stored, StoredRegistration.Settings now, long nowMillis) {
        if (!stored.settings().equals(now)) {
            return new Step(RegistrationState.INITIAL, List.of(new NotRestored("its settings changed")));
        }
        if (!stored.lease().restorableAt(nowMillis)) {
            long left = (stored.lease().expiresAtMillis() - nowMillis) / 1000;
            return new Step(RegistrationState.INITIAL,
                    List.of(new NotRestored(left > 0 ? "it lapses in " + left + " s" : "it lapsed")));
        }
        RegistrationState restored = RegistrationState.restored(stored);
        long refreshIn = Math.max(0, restored.nextAtMillis() - nowMillis) / 1000;
        return new Step(restored, List.of(new Restored(refreshIn)));
    }

    /** Once a second: a REGISTER when one is due (first, refresh or retry); none once unregistering. */
    public Step tick(RegistrationState s, long nowMillis) {
        if (s.phase().unregistering() || nowMillis < s.nextAtMillis()) {
            return Step.stay(s);
        }
        // until an answer says otherwise, the next attempt is a retry
        RegistrationState next = s.sending(Phase.REGISTERING, nowMillis + RETRY_MILLIS);
        return new Step(next, List.of(new SendRegister(next.cseq(), account.expiresSeconds(), null)));
    }

    /** A final (or provisional: ignored) answer to the latest REGISTER. */
    public Step answered(RegistrationState s, Answer a, long nowMillis) {
        if (a.status() < 200) {
            return Step.stay(s);
        }
        RegistrationState at = s;
        if ((a.status() == 401 || a.status() == 407) && !s.phase().challengeAnswered()) {
            at = s.in(s.phase().challenged());
            TrunkCredentials.Credentials credentials = TrunkCredentials.answer(a.status(), a.challenge(), METHOD,
                    a.requestUri(), account);
            if (credentials != null) {
                RegistrationState next = at.sending(at.phase(), at.nextAtMillis());
                int expires = s.phase().unregistering() ? 0 : account.expiresSeconds();
                return new Step(next, List.of(new SendRegister(next.cseq(), expires, credentials)));
            }
        }
        if (at.phase().unregistering()) {
            boolean ok = a.status() < 300;
            return new Step(at.standing(ok ? Standing.UNREGISTERED : Standing.UNREGISTER_FAILED,
                    ok ? null : Integer.toString(a.status()), at.nextAtMillis()), List.of(new Unregistered(a.status())));
        }
        if (a.status() < 300) {
            int granted = a.granted(account.expiresSeconds());
            return new Step(at.granted(RegistrationLease.granted(granted, nowMillis)), List.of(new Registered(granted)));
        }
        return new Step(at.standing(Standing.FAILED, Integer.toString(a.status()), nowMillis + RETRY_MILLIS),
                List.of(new Failed(a.status(), a.reason())));
    }

    /** The latest REGISTER's transaction timed out. */
    public Step timedOut(RegistrationState s, long nowMillis) {
        if (s.phase().unregistering()) {
            return new Step(s, List.of(new UnregisterUnanswered()));
        }
        return new Step(s.standing(Standing.NO_ANSWER, null, nowMillis + RETRY_MILLIS), List.of(new NoAnswer()));
    }

    /**
     * A new REGISTER (from {@link #tick}) could not be built or sent: shown until the retry. An
     * un-REGISTER that could not go is simply not waited for; a challenge answer that could not go
     * is fed back as {@link Answer#unanswerable()} instead.
     */
    public Step notSent(RegistrationState s, String why) {
        if (s.phase() != Phase.REGISTERING) {
            return Step.stay(s);
        }
        return new Step(s.standing(Standing.NOT_SENT, why, s.nextAtMillis()), List.of());
    }

    /** Shutdown: an account registered now (restored too) gets Expires: 0; refreshes stop. Others are left as they are. */
    public Step shutdown(RegistrationState s) {
        if (!s.standing().registered()) {
            return Step.stay(s);
        }
        RegistrationState next = s.sending(Phase.UNREGISTERING, s.nextAtMillis());
        return new Step(next, List.of(new SendRegister(next.cseq(), 0, null)));
    }
}
