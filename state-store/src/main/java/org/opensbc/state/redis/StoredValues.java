package org.opensbc.state.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.opensbc.state.Space;
import org.opensbc.state.StateKey;
import org.opensbc.state.StateRecord;

/**
 * The bytes kept in Redis for a record: its expiry first (a binding hash field has no TTL of its
 * own), then, for one-key-per-record spaces, its group and key (so a SCAN gives records back
 * without parsing key names), then the record's own bytes.
 */
final class StoredValues {

    private StoredValues() {
    }

    /** A binding hash field's value: expiry and bytes. */
    static byte[] binding(StateRecord r) {
        return write(out -> {
            out.writeLong(r.expiresAtMillis());
            out.write(r.value());
        });
    }

    static StateRecord binding(String aor, String field, byte[] stored) {
        return read(stored, in -> {
            long expires = in.readLong();
            return new StateRecord(new StateKey(Space.BINDING, aor, field), rest(in), expires);
        });
    }

    /** A record of the other spaces: expiry, group, key and bytes. */
    static byte[] record(StateRecord r) {
        return write(out -> {
            out.writeLong(r.expiresAtMillis());
            out.writeUTF(r.id().group());
            out.writeUTF(r.id().key());
            out.write(r.value());
        });
    }

    static StateRecord record(Space space, byte[] stored) {
        return read(stored, in -> {
            long expires = in.readLong();
            StateKey id = new StateKey(space, in.readUTF(), in.readUTF());
            return new StateRecord(id, rest(in), expires);
        });
    }

    /**
     * What is left, read into an array of its size. Not readAllBytes(): DataInputStream inherits
     * InputStream's, which takes an 8 KB buffer (then a copy) per call; at start-up, with 100,000
     * bindings, that was three quarters of Redis's load time.
     */
    private static byte[] rest(DataInputStream in) throws IOException {
        return in.readNBytes(in.available()); // exact: the stream is over a byte array
    }

    interface Writer {
        void to(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T from(DataInputStream in) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads stored bytes; a value this version cannot read throws IllegalArgumentException. */
    static <T> T read(byte[] stored, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            return r.from(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable stored value (" + stored.length + " bytes): " + e, e);
        }
    }
}
