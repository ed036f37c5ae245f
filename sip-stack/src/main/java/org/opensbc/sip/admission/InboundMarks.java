package org.opensbc.sip.admission;

/**
 * Marks the parser leaves on an inbound message (as its application data) for the
 * {@link SizeAndGrammarStage}, for findings that need an answer other than 400. JAIN-SIP hands the
 * parsed message, and nothing else, from the parser to the valves: its application data is the one
 * slot between the two. The mark is read before the transaction layer and nothing later uses it.
 */
enum InboundMarks {
    /** The request line names a SIP version other than 2.0: answer 505 (RFC 3261 section 8.2.2). */
    UNSUPPORTED_VERSION,
    /** Larger than the configured limit: answer 513 to a request, drop a response. */
    OVERSIZED
}
