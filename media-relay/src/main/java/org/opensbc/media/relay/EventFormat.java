package org.opensbc.media.relay;

/** The telephone-event (RFC 4733) a side agreed to on a line: its payload type and clock rate. */
record EventFormat(int payloadType, int clockRate) {
}
