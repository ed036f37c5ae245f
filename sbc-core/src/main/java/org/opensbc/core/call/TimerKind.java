package org.opensbc.core.call;

/** The call-level timers the machine starts and stops (per-leg session timers stay with the legs). */
public enum TimerKind {
    /** calls.ringTimeout: nobody answered in time. */
    RING,
    /** 64*T1 for the caller's ACK of our 2xx (RFC 3261 13.3.1.4). */
    ACK_WAIT
}
