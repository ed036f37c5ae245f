package org.opensbc.sip.pipeline;

/**
 * Counts the decisions of the inbound pipeline by stage and outcome (reply or drop); the gateway
 * backs it with a metric tagged {@code stage} and {@code outcome}. Called on the stack's threads
 * and the UDP reader thread for every decision: thread-safe, and it must not allocate.
 */
@FunctionalInterface
public interface StageDecisions {

    /** {@code result} is a reply or a drop; a {@link StageResult.Continue} is not a decision and is not passed. */
    void decided(Stage stage, StageResult result);

    StageDecisions NONE = (stage, result) -> { };
}
