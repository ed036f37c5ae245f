package org.opensbc.state.redis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.opensbc.state.Space;
import org.opensbc.state.StateChange;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;

/**
 * One batch of changes as published on the change channel. {@code origin} and {@code run}
 * (random per process) tell a node its own messages and a restarted writer; {@code sequence}
 * counts the writer's batches, so a receiver sees when it missed one.
 */
record ChangeMessage(String origin, long run, long sequence, List<StateChange> changes) {

    private static final byte PUT = 1;
    private static final byte REMOVE = 2;

    byte[] encode() {
        return StoredValues.write(out -> {
            out.writeUTF(origin);
            out.writeLong(run);
            out.writeLong(sequence);
            out.writeInt(changes.size());
            for (StateChange c : changes) {
                writeChange(out, c);
            }
        });
    }

    static ChangeMessage of(String origin, long run, long sequence, Collection<StateChange> changes) {
        return new ChangeMessage(origin, run, sequence, List.copyOf(changes));
    }

    /** The writer of a message, read without decoding its changes (a node skips its own). */
    static String originOf(byte[] bytes) {
        return StoredValues.read(bytes, in -> in.readUTF());
    }

    static ChangeMessage decode(byte[] bytes) {
        return StoredValues.read(bytes, in -> {
            String origin = in.readUTF();
            long run = in.readLong();
            long sequence = in.readLong();
            int n = in.readInt();
            List<StateChange> changes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                changes.add(readChange(in));
            }
            return new ChangeMessage(origin, run, sequence, changes);
        });
    }

    private static void writeChange(DataOutputStream out, StateChange c) throws IOException {
        out.writeByte(c instanceof StateChange.Put ? PUT : REMOVE);
        out.writeUTF(c.id().space().name());
        out.writeUTF(c.id().group());
        out.writeUTF(c.id().key());
        if (c instanceof StateChange.Put p) {
            out.writeLong(p.record().expiresAtMillis());
            out.writeInt(p.record().value().length);
            out.write(p.record().value());
        }
    }

    private static StateChange readChange(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        StateKey id = new StateKey(Space.valueOf(in.readUTF()), in.readUTF(), in.readUTF());
        if (kind == REMOVE) {
            return new StateChange.Remove(id);
        }
        long expires = in.readLong();
        byte[] value = in.readNBytes(in.readInt());
        return new StateChange.Put(new StateRecord(id, value, expires));
    }
}
