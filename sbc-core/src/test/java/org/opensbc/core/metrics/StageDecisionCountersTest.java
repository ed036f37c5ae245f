package org.opensbc.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;

class StageDecisionCountersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StageDecisionCounters counters = new StageDecisionCounters(registry);

    private double count(String stage, String outcome) {
        return registry.get("sbc.sip.stage.decisions").tag("stage", stage).tag("outcome", outcome).counter().count();
    }

    @Test
    void eachDecisionCountsUnderItsStageAndOutcome() {
        counters.decided(Stage.ACCESS, StageResult.DROP);
        counters.decided(Stage.ACCESS, StageResult.DROP);
        counters.decided(Stage.SIZE_GRAMMAR, StageResult.Reply.of(505));
        counters.decided(Stage.ROUTING, StageResult.CONTINUE); // not a decision
        assertEquals(2, count("access", "drop"));
        assertEquals(0, count("access", "reply"));
        assertEquals(1, count("size-grammar", "reply"));
        assertEquals(0, count("routing", "reply") + count("routing", "drop"));
    }

    @Test
    void everyStageAndOutcomeIsThereFromTheStartSoDashboardsSeeZeros() {
        assertEquals(Stage.values().length * 2, registry.find("sbc.sip.stage.decisions").counters().size());
    }
}
