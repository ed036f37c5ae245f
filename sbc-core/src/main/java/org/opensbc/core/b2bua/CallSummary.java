package org.opensbc.core.b2bua;

import java.time.Instant;

/**
 * What the admin API shows of a call in progress, copied under the call's monitor so the view
 * never reads a call's state from outside it.
 *
 * @param state         ringing, answered or ended
 * @param calleeCallId  null until a callee leg answers
 */
public record CallSummary(long id, String state, Instant start, String caller, String callee, String callerCallId,
        String calleeCallId) {
}
