package org.opensbc.core.trunk;

/** What {@link RegistrationMachine} asks its adapter to do; the adapter does it in the order given. */
public sealed interface RegistrationAction {

    /**
     * Send a REGISTER. Without credentials: a new one (new branch) with this CSeq and Expires.
     * With credentials: the latest one again, answering its challenge (same Expires, this CSeq).
     */
    record SendRegister(long cseq, int expiresSeconds, TrunkCredentials.Credentials credentials)
            implements RegistrationAction {
    }

    /** Now registered for {@code grantedSeconds} (logged). */
    record Registered(int grantedSeconds) implements RegistrationAction { }

    /** Refused with a final status (logged as a warning); retried later. */
    record Failed(int status, String reason) implements RegistrationAction { }

    /** No answer (logged as a warning); retried later. */
    record NoAnswer() implements RegistrationAction { }

    /** The shutdown un-REGISTER was answered with {@code status} (logged): whoever waits on it may go on. */
    record Unregistered(int status) implements RegistrationAction { }

    /** The shutdown un-REGISTER got no answer: whoever waits on it may go on. */
    record UnregisterUnanswered() implements RegistrationAction { }

    /**
     * At start, the previous run's registration was taken over (logged): its Call-ID goes on, the
     * refresh is due in {@code refreshInSeconds} (0: at once).
     */
    record Restored(long refreshInSeconds) implements RegistrationAction { }

    /** At start, the previous run's registration was not taken over ({@code why}, logged): a REGISTER goes now. */
    record NotRestored(String why) implements RegistrationAction { }
}
