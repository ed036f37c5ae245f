package org.opensbc.sip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.pipeline.StageResult.Reply;

class StageResultTest {

    @Test
    void onlyContinueGoesOn() {
        assertTrue(StageResult.CONTINUE.goesOn());
        assertFalse(StageResult.DROP.goesOn());
        assertFalse(Reply.of(403).goesOn());
    }

    @Test
    void aReplyIsAFinalRefusal() {
        assertThrows(IllegalArgumentException.class, () -> Reply.of(200));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(100));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(700));
        assertEquals(699, Reply.of(699).status());
    }

    @Test
    void aReplyKeepsItsOwnCopyOfItsLists() {
        List<String> allow = new ArrayList<>(List.of("INVITE"));
        Reply reply = Reply.methodNotAllowed(allow);
        allow.add("BYE");
        assertEquals(List.of("INVITE"), reply.allow());
    }

    @Test
    void decisionsAreCountedByStageAndAContinueIsNot() {
        List<String> counted = new ArrayList<>();
        StageDecisions decisions = (stage, result) -> counted.add(stage.tag() + ":" + DecisionLog.describe(result));
        assertEquals(StageResult.CONTINUE, DecisionLog.record(decisions, Stage.ACCESS, StageResult.CONTINUE, "INVITE", "x"));
        DecisionLog.record(decisions, Stage.ACCESS, StageResult.DROP, "INVITE", "192.0.2.1");
        DecisionLog.record(decisions, Stage.SIZE_GRAMMAR, Reply.of(505, "Version Not Supported"), "OPTIONS", "192.0.2.1");
        assertEquals(List.of("access:dropped it", "size-grammar:answered 505 Version Not Supported"), counted);
    }

    @Test
    void stagesAreInTheDocumentedOrder() {
        assertEquals(List.of("size-grammar", "nat-facts", "access", "authentication", "registrar", "routing", "dialog"),
                java.util.Arrays.stream(Stage.values()).map(Stage::tag).toList());
    }
}
