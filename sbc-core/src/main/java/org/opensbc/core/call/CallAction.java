package org.opensbc.core.call;

/**
 * What the SIP adapter is to do after an event, in the order given. The machine decides; the
 * adapter only carries out (and reports back what it could not do as a new event).
 */
public sealed interface CallAction {

    /** Relay the fork's provisional to the caller. */
    record RelayProvisional(int fork) implements CallAction { }

    /** Send CANCEL for the fork's INVITE now (it has had a provisional). */
    record SendCancel(int fork) implements CallAction { }

    /** Relay the fork's 2xx to the caller (and ACK the fork when the offer was in the INVITE). */
    record RelayAnswer(int fork) implements CallAction { }

    /** A 2xx nobody wants (late, or of an abandoned fork): ACK it, BYE the dialog, release the leg. */
    record AckAndBye(int fork) implements CallAction { }

    /** The fork is over: its call slot, counters and indexes go. */
    record ReleaseFork(int fork) implements CallAction { }

    /** Start a fork to the next trunk of the route; report {@link CallEvent.NoTrunkLeft} if none. */
    record TryNextTrunk() implements CallAction { }

    /** The caller's INVITE is answered finally from now on: its CANCEL finds nothing to cancel. */
    record UnindexInvite() implements CallAction { }

    /** Final failure response to the caller's INVITE. */
    record RejectCaller(int status) implements CallAction { }

    record SendBye(Leg leg) implements CallAction { }

    record StartTimer(TimerKind timer) implements CallAction { }

    record StopTimer(TimerKind timer) implements CallAction { }

    /** Release every leg, session timers and indexes of the call; unhook its dialogs. */
    record ReleaseLegs() implements CallAction { }

    /** Close the call's media session (its relay ports go back). */
    record ReleaseMedia() implements CallAction { }

    /** The call's one CDR line (and the ended-calls metric). */
    record WriteCdr(String disposition, int status, EndedBy endedBy) implements CallAction { }
}
