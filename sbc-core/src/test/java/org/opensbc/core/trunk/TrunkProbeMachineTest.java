package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensbc.rules.model.TrunkSpec;

/** OPTIONS rounds and up/down hysteresis as tables: (state, event) -> (state, what to do). */
class TrunkProbeMachineTest {

    private static final TrunkSpec.Health THRESHOLDS = new TrunkSpec.Health(10, 3, 2);

    /** A round: (nextAt, answered) x tick at {@code now} (interval 10 s) -> (nextAt, answered) and the verdict. */
    @ParameterizedTest(name = "({0},{1}) tick {2} -> {5}")
    @CsvSource({
        // nextAt, answered, now,   next nextAt, next answered, due
        "0,      true,     1000,  11000,       false,         FIRST",
        "11000,  false,    5000,  11000,       false,         NOT_DUE",
        "11000,  true,     5000,  11000,       true,          NOT_DUE",
        "11000,  true,     11000, 21000,       false,         ANSWERED",
        "11000,  false,    11000, 21000,       false,         MISSED",
        "11000,  false,    15000, 25000,       false,         MISSED",
    })
    void roundTable(long nextAt, boolean answered, long now, long nextNextAt, boolean nextAnswered, ProbeRound.Due due) {
        ProbeRound.Step step = new ProbeRound(nextAt, answered).tick(now, 10);
        assertEquals(new ProbeRound(nextNextAt, nextAnswered), step.next());
        assertEquals(due, step.due());
    }

    @Test
    void whatEachVerdictAsksFor() {
        assertFalse(ProbeRound.Due.NOT_DUE.sends());
        assertNull(ProbeRound.Due.NOT_DUE.judged());
        assertTrue(ProbeRound.Due.FIRST.sends());
        assertNull(ProbeRound.Due.FIRST.judged(), "nothing to judge before the first answer could come");
        assertTrue(ProbeRound.Due.ANSWERED.sends() && ProbeRound.Due.ANSWERED.judged());
        assertTrue(ProbeRound.Due.MISSED.sends() && !ProbeRound.Due.MISSED.judged());
    }

    @Test
    void anAnswerMarksTheRoundAnswered() {
        ProbeRound sent = ProbeRound.first().tick(0, 10).next();
        assertEquals(new ProbeRound(10_000, true), sent.answer());
        assertEquals(ProbeRound.Due.ANSWERED, sent.answer().tick(10_000, 10).due());
    }

    /** Health (up, streak) x probe result -> (up, streak); down after 3 misses, up after 2 answers. */
    @ParameterizedTest(name = "({0},{1}) answered={2} -> ({3},{4})")
    @CsvSource({
        "true,  0, true,  true,  0",
        "true,  2, true,  true,  0",
        "true,  0, false, true,  1",
        "true,  1, false, true,  2",
        "true,  2, false, false, 0",
        "false, 0, false, false, 0",
        "false, 1, false, false, 0",
        "false, 0, true,  false, 1",
        "false, 1, true,  true,  0",
    })
    void healthTable(boolean up, int streak, boolean answered, boolean nextUp, int nextStreak) {
        assertEquals(new TrunkHealth(nextUp, nextStreak), new TrunkHealth(up, streak).after(answered, THRESHOLDS));
    }
}
