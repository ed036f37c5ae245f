package org.opensbc.core.trunk;

/**
 * A trunk's OPTIONS rounds: one probe per interval; any answer before the next round counts as
 * alive (a 404 or 405 still proves the trunk is there), none as a miss. An immutable value: the
 * timer feeds it ticks, responses mark it answered.
 *
 * @param nextAtMillis when the next round is due; 0 before the first one
 * @param answered     the probe of this round was answered
 */
public record ProbeRound(long nextAtMillis, boolean answered) {

    /** What a tick decided. */
    public enum Due {
        /** The round is not over: nothing to do. */
        NOT_DUE,
        /** The first round: send an OPTIONS, nothing to judge yet. */
        FIRST,
        /** The last probe was answered: judge it alive, send the next. */
        ANSWERED,
        /** The last probe got no answer: judge it a miss, send the next. */
        MISSED;

        public boolean sends() {
            return this != NOT_DUE;
        }

        /** The probe result to feed {@link TrunkHealth}, or null when there is none to judge. */
        public Boolean judged() {
            return this == ANSWERED ? Boolean.TRUE : this == MISSED ? Boolean.FALSE : null;
        }
    }

    /** A tick's outcome: the next round and what to do. */
    public record Step(ProbeRound next, Due due) { }

    public static ProbeRound first() {
        return new ProbeRound(0, true);
    }

    /** A response to this round's OPTIONS came. */
    public ProbeRound answer() {
        return answered ? this : new ProbeRound(nextAtMillis, true);
    }

    public Step tick(long nowMillis, int intervalSeconds) {
        if (nowMillis < nextAtMillis) {
            return new Step(this, Due.NOT_DUE);
        }
        Due due = nextAtMillis == 0 ? Due.FIRST : answered ? Due.ANSWERED : Due.MISSED;
        return new Step(new ProbeRound(nowMillis + intervalSeconds * 1000L, false), due);
    }
}
