/**
 * What a message meets before JAIN-SIP's transaction layer: the inbound pipeline's first stages.
 * The UDP reader asks the {@link org.opensbc.sip.admission.SourceFilter} about each datagram's
 * source (the access stage's fast path, before any parse); the parser
 * ({@link org.opensbc.sip.admission.CountingMessageParserFactory}, {@link org.opensbc.sip.admission.StrictGrammar})
 * answers grammar errors 400 and marks what needs another status; the
 * {@link org.opensbc.sip.admission.AdmissionValve} then runs the size/grammar stage and the
 * {@link org.opensbc.sip.admission.AccessStage}. Drops are counted and summed up
 * ({@link org.opensbc.sip.admission.DropSummary}), never logged one by one.
 */
package org.opensbc.sip.admission;
