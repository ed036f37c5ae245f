package org.opensbc.core.call;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * A call as a state store keeps it: who, since when, both legs' Call-IDs and its lifecycle. Enough
 * to list it, to write its CDR, and to go on applying events to it elsewhere; the SIP dialogs
 * and media ports themselves are rebuilt from the stack and the relay, not stored.
 * Hand-coded with {@link DataOutput}: a few dozen bytes, no schema library for one record.
 *
 * @param answered     null before a fork answered
 * @param calleeCallId null until a fork exists
 */
public record StoredCall(long id, Instant start, Instant answered, String caller, String callee, String callerCallId,
        String calleeCallId, CallSnapshot lifecycle) {

    static final int FORMAT = 1;

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(id);
        writeInstant(out, start);
        writeInstant(out, answered);
        writeString(out, caller);
        writeString(out, callee);
        writeString(out, callerCallId);
        writeString(out, calleeCallId);
        lifecycle.writeTo(out);
    }

    public static StoredCall readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("stored call format " + format + ", expected " + FORMAT);
        }
        return new StoredCall(in.readLong(), readInstant(in), readInstant(in), readString(in), readString(in),
                readString(in), readString(in), CallSnapshot.readFrom(in));
    }

    public byte[] toBytes() {
        return RecordBytes.of(this::writeTo, 128);
    }

    public static StoredCall fromBytes(byte[] record) throws IOException {
        return readFrom(new DataInputStream(new ByteArrayInputStream(record)));
    }

    private static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeString(DataOutput out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
