package org.opensbc.core.call;

import static org.opensbc.core.call.RecordFields.readInstant;
import static org.opensbc.core.call.RecordFields.readString;
import static org.opensbc.core.call.RecordFields.writeInstant;
import static org.opensbc.core.call.RecordFields.writeString;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A call as a state store keeps it: who, since when, its lifecycle and each leg's dialog as far
 * as a BYE needs it. Enough to list it, to write its CDR and to end it after a restart; media
 * ports and SIP transactions are not stored (they die with the process).
 * Hand-coded with {@link DataOutput}: a few hundred bytes, no schema library for one record.
 *
 * @param answered  null before a fork answered
 * @param written   when this version of the record was made (the last change that mattered)
 * @param trunk     the trunk the callee leg runs over, or null for a registered user
 * @param calleeLeg null until a fork answered
 */
public record StoredCall(long id, Instant start, Instant answered, Instant written, String caller, String callee,
        String trunk, CallSnapshot lifecycle, StoredLeg callerLeg, StoredLeg calleeLeg) {

    /** 2: the legs' dialogs, the trunk and the time written (1 had Call-IDs only). */
    static final int FORMAT = 2;

    public StoredCall {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(callerLeg, "callerLeg");
    }

    public String callerCallId() {
        return callerLeg.callId();
    }

    /** The callee leg's Call-ID, or null before a fork answered. */
    public String calleeCallId() {
        return calleeLeg == null ? null : calleeLeg.callId();
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(id);
        writeInstant(out, start);
        writeInstant(out, answered);
        writeInstant(out, written);
        writeString(out, caller);
        writeString(out, callee);
        writeString(out, trunk);
        lifecycle.writeTo(out);
        callerLeg.writeTo(out);
        StoredLeg.writeNullable(out, calleeLeg);
    }

    public static StoredCall readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("stored call format " + format + ", expected " + FORMAT);
        }
        long id = in.readLong();
        Instant start = present(readInstant(in), "start");
        Instant answered = readInstant(in);
        Instant written = present(readInstant(in), "written");
        return new StoredCall(id, start, answered, written, readString(in), readString(in), readString(in),
                CallSnapshot.readFrom(in), StoredLeg.readFrom(in), StoredLeg.readNullable(in));
    }

    private static <T> T present(T value, String field) throws IOException {
        if (value == null) {
            throw new IOException("stored call without its " + field);
        }
        return value;
    }

    public byte[] toBytes() {
        return RecordBytes.of(this::writeTo, 512);
    }

    public static StoredCall fromBytes(byte[] record) throws IOException {
        return readFrom(new DataInputStream(new ByteArrayInputStream(record)));
    }
}
