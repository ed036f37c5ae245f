/**
 * The inbound pipeline's vocabulary, shared by the stack adapter and the B2BUA: the
 * {@link org.opensbc.sip.pipeline.Stage}s in their order, what a stage decides
 * ({@link org.opensbc.sip.pipeline.StageResult}: continue, reply, drop), the one builder of
 * protocol-error replies ({@link org.opensbc.sip.pipeline.ErrorReplies}) and where decisions are
 * recorded ({@link org.opensbc.sip.pipeline.StageDecisions} metric, {@link org.opensbc.sip.pipeline.DecisionLog}).
 */
package org.opensbc.sip.pipeline;
