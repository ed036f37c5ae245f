package org.opensbc.sip.guard;

/**
 * Marks the parser leaves on an inbound message (as its application data) for the guard valve,
 * for findings that need an answer other than 400.
 */
enum InboundMarks {
    /** The request line names a SIP version other than 2.0: answer 505 (RFC 3261 section 8.2.2). */
    UNSUPPORTED_VERSION,
    /** Larger than the configured limit: answer 513 to a request, drop a response. */
    OVERSIZED
}
