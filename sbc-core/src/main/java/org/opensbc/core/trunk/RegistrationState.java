package org.opensbc.core.trunk;

/**
 * Where one trunk account's outbound registration stands: an immutable value that
 * {@link RegistrationMachine} turns into the next one. Two things are tracked apart, as operators
 * see them apart: the {@link Phase} says what the latest REGISTER was (and so how its answer is
 * read), the {@link Standing} says what the last answer was (what /trunks shows: a trunk stays
 * "registered" while a refresh is in flight).
 *
 * @param phase        what the latest REGISTER sent was
 * @param standing     the outcome /trunks shows
 * @param detail       the status code or reason completing the standing ("failed 403"), or null
 * @param cseq         CSeq of the latest REGISTER (one Call-ID per account, the CSeq counts up)
 * @param nextAtMillis when the next REGISTER (refresh or retry) is due
 * @param lease        what the registrar granted last, or null before any 2xx (kept through a
 *                     failure: the state store keeps it only while the standing is registered)
 */
public record RegistrationState(Phase phase, Standing standing, String detail, long cseq, long nextAtMillis,
        RegistrationLease lease) {

    /** What the latest REGISTER was. */
    public enum Phase {
        /** Nothing sent yet. */
        NEW(false, false),
        /** A REGISTER without credentials: a 401/407 to it is answered once. */
        REGISTERING(false, false),
        /** A REGISTER that answered a challenge: another 401/407 is a failure. */
        CHALLENGED(false, true),
        /** A REGISTER with Expires: 0 at shutdown: refreshes stop, a 401/407 is answered once. */
        UNREGISTERING(true, false),
        /** An Expires: 0 that answered a challenge. */
        UNREGISTER_CHALLENGED(true, true);

        private final boolean unregistering;
        private final boolean challengeAnswered;

        Phase(boolean unregistering, boolean challengeAnswered) {
            this.unregistering = unregistering;
            this.challengeAnswered = challengeAnswered;
        }

        public boolean unregistering() {
            return unregistering;
        }

        public boolean challengeAnswered() {
            return challengeAnswered;
        }

        /** The phase once a challenge to this one was answered (or found unanswerable). */
        Phase challenged() {
            return unregistering ? UNREGISTER_CHALLENGED : CHALLENGED;
        }
    }

    /** The outcome /trunks shows, with its wording there. */
    public enum Standing {
        PENDING("pending"),
        REGISTERED("registered"),
        /** Registered by the gateway's previous run, taken over at start: no REGISTER until its refresh. */
        RESTORED("registered (restored)"),
        /** Refused with a final status (detail): retried in 30 s. */
        FAILED("failed "),
        /** Timed out: retried in 30 s. */
        NO_ANSWER("no answer"),
        /** The REGISTER could not be built or sent (detail: why): retried in 30 s. */
        NOT_SENT("not sent: "),
        UNREGISTERED("unregistered"),
        /** The Expires: 0 was refused (detail: the status). */
        UNREGISTER_FAILED("unregister failed ");

        private final String wording;

        Standing(String wording) {
            this.wording = wording;
        }

        /** Whether the registrar has us now (as far as the last answer, or the previous run, says). */
        public boolean registered() {
            return this == REGISTERED || this == RESTORED;
        }
    }

    /** A new account: nothing sent, the first REGISTER due at once. */
    public static final RegistrationState INITIAL = new RegistrationState(Phase.NEW, Standing.PENDING, null, 0, 0, null);

    /** The state as /trunks shows it: "registered", "failed 403", "no answer", ... */
    public String label() {
        return detail == null ? standing.wording : standing.wording + detail;
    }

    /**
     * A registration the previous run stored, taken over: nothing sent in this run yet, the next
     * REGISTER (a refresh, CSeq counting on) due when the lease says.
     */
    static RegistrationState restored(StoredRegistration stored) {
        return new RegistrationState(Phase.NEW, Standing.RESTORED, null, stored.cseq(),
                stored.lease().refreshAtMillis(), stored.lease());
    }

    RegistrationState sending(Phase next, long nextAt) {
        return new RegistrationState(next, standing, detail, cseq + 1, nextAt, lease);
    }

    RegistrationState in(Phase next) {
        return new RegistrationState(next, standing, detail, cseq, nextAtMillis, lease);
    }

    RegistrationState standing(Standing now, String why, long nextAt) {
        return new RegistrationState(phase, now, why, cseq, nextAt, lease);
    }

    /** Registered with a new lease; the refresh is due at its half. */
    RegistrationState granted(RegistrationLease granted) {
        return new RegistrationState(phase, Standing.REGISTERED, null, cseq, granted.refreshAtMillis(), granted);
    }
}
