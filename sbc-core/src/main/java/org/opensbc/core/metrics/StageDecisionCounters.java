package org.opensbc.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageDecisions;
import org.opensbc.sip.pipeline.StageResult;

/**
 * {@code sbc.sip.stage.decisions}, tagged {@code stage} (the pipeline stage that decided) and
 * {@code outcome} (reply or drop): which stage stopped how many requests. Every counter is
 * registered up front, so that counting a decision (on the UDP reader thread too, for each
 * datagram of a banned flood) is an array read and an increment, with no allocation.
 */
final class StageDecisionCounters implements StageDecisions {

    private static final String NAME = "sbc.sip.stage.decisions";

    /** Indexed by stage ordinal; immutable after construction. */
    private final Counter[] replies;
    private final Counter[] drops;

    StageDecisionCounters(MeterRegistry registry) {
        Stage[] stages = Stage.values();
        replies = new Counter[stages.length];
        drops = new Counter[stages.length];
        for (Stage stage : stages) {
            replies[stage.ordinal()] = counter(registry, stage, "reply");
            drops[stage.ordinal()] = counter(registry, stage, "drop");
        }
    }

    private static Counter counter(MeterRegistry registry, Stage stage, String outcome) {
        return Counter.builder(NAME)
                .description("requests the inbound pipeline stopped, by the stage that decided and how (reply, drop)")
                .tag("stage", stage.tag()).tag("outcome", outcome).register(registry);
    }

    @Override
    public void decided(Stage stage, StageResult result) {
        if (result instanceof StageResult.Reply) {
            replies[stage.ordinal()].increment();
        } else if (result instanceof StageResult.Drop) {
            drops[stage.ordinal()].increment();
        }
    }
}
