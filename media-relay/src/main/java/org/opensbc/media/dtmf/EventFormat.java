package org.opensbc.media.dtmf;

/** The telephone-event (RFC 4733) a side agreed to on a line: its payload type and clock rate. */
public record EventFormat(int payloadType, int clockRate) {
}
