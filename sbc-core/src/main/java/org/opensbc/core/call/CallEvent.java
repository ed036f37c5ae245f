package org.opensbc.core.call;

/**
 * Everything that can happen to a call, as the SIP adapter reports it: responses of the forks,
 * the caller's requests, timers, flows and media. Forks are named by index (see {@link Leg}).
 */
public sealed interface CallEvent {

    /** The adapter created fork number {@code forks().size()} and sent (or tries to send) its INVITE. */
    record ForkStarted(boolean viaTrunk) implements CallEvent { }

    /** A fork could not even be built (bad target, offer refused by the media relay). */
    record ForkNotCreated(int status) implements CallEvent { }

    /** Every target of the route has been tried once: ring, or fail at once if none is left. */
    record RoutingDone() implements CallEvent { }

    /** A provisional response other than 100. */
    record ForkProvisional(int fork) implements CallEvent { }

    /** A 2xx to a fork's INVITE. */
    record ForkAnswered(int fork) implements CallEvent { }

    /** A final failure of a fork (3xx-6xx), or an INVITE that could not be sent (503). */
    record ForkFailed(int fork, int status) implements CallEvent { }

    /** The fork's INVITE transaction timed out (Timer B). */
    record ForkTimedOut(int fork) implements CallEvent { }

    /** A trunk fork heard nothing, not even 100, within the failover timeout. */
    record ForkSilent(int fork) implements CallEvent { }

    /** The connection to a fork's next hop failed before it heard anything (a refused TLS trunk). */
    record ForkUnreachable(int fork) implements CallEvent { }

    /** Failover asked for the next trunk and none is up with room. */
    record NoTrunkLeft() implements CallEvent { }

    /** The caller's 2xx could not be built or sent. */
    record AnswerNotRelayed(int status, boolean callerStillWaiting) implements CallEvent { }

    record CallerCancelled() implements CallEvent { }

    record CallerAcked() implements CallEvent { }

    record ByeReceived(Leg from) implements CallEvent { }

    /** The WebSocket a leg ran over closed. */
    record FlowClosed(Leg leg) implements CallEvent { }

    record TimerFired(TimerKind timer) implements CallEvent { }

    /** The gateway ends an answered call on its own (session timer, media timeout, transfer...). */
    record HangUp(HangUpReason reason) implements CallEvent { }

    /** The drain ran out: a call still ringing gives up. */
    record Shutdown() implements CallEvent { }
}
