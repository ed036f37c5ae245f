package org.opensbc.core.call;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The whole lifecycle state of one call, as an immutable value: what {@link CallMachine} reads
 * and returns, and what a state store keeps. No SIP objects, media sessions or timers in here:
 * those belong to the adapter, which can rebuild them from the call's own record.
 *
 * @param bestFailure the best failure among finished forks (RFC 3261 16.7), 0 before any
 * @param callee      index of the fork that answered, -1 before
 * @param forks       in the order they were started
 */
public record CallSnapshot(CallState state, int bestFailure, int callee, List<ForkState> forks) {

    /** Version byte of the compact form; a reader refuses other versions. */
    static final int FORMAT = 1;

    public CallSnapshot {
        forks = List.copyOf(forks);
        if (callee < -1 || callee >= forks.size()) {
            throw new IllegalArgumentException("callee " + callee + " of " + forks.size() + " forks");
        }
    }

    /** A new call: its INVITE routed, no fork started yet. */
    public static CallSnapshot ringing() {
        return new CallSnapshot(CallState.RINGING, 0, -1, List.of());
    }

    /** A call a transfer made of two dialogs already up: one finished fork, the callee, ACKed. */
    public static CallSnapshot joined() {
        return new CallSnapshot(CallState.CONFIRMED, 0, 0, List.of(ForkState.started(false).asFinished()));
    }

    public boolean allForksFinished() {
        return forks.stream().allMatch(ForkState::finished);
    }

    public ForkState fork(int index) {
        return forks.get(index);
    }

    /** The compact form: version, state, best failure, callee, fork count, one flag byte per fork. */
    public void writeTo(DataOutput out) throws IOException {
        if (forks.size() > 255) {
            throw new IOException(forks.size() + " forks do not fit the record's one-byte count");
        }
        out.writeByte(FORMAT);
        out.writeByte(state.ordinal());
        out.writeShort(bestFailure);
        out.writeByte(callee + 1);
        out.writeByte(forks.size());
        for (ForkState fork : forks) {
            out.writeByte(fork.bits());
        }
    }

    public static CallSnapshot readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("call record format " + format + ", expected " + FORMAT);
        }
        int stateIndex = in.readUnsignedByte();
        if (stateIndex >= CallState.values().length) {
            throw new IOException("call state " + stateIndex);
        }
        CallState state = CallState.values()[stateIndex];
        int bestFailure = in.readUnsignedShort();
        int callee = in.readUnsignedByte() - 1;
        ForkState[] forks = new ForkState[in.readUnsignedByte()];
        try {
            for (int i = 0; i < forks.length; i++) {
                forks[i] = ForkState.ofBits(in.readUnsignedByte());
            }
            return new CallSnapshot(state, bestFailure, callee, List.of(forks));
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt call record: " + e.getMessage(), e);
        }
    }

    public byte[] toBytes() {
        return RecordBytes.of(this::writeTo, 8 + forks.size());
    }

    public static CallSnapshot fromBytes(byte[] record) throws IOException {
        return readFrom(new DataInputStream(new ByteArrayInputStream(record)));
    }
}
