package org.opensbc.core.registrar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link Binding} as the state store keeps it: a format byte then the fields, with
 * {@link DataOutput} (about 200 bytes for a browser's binding; no schema library for one record).
 * The AOR is the record's group, not repeated here.
 */
public final class BindingCodec {

    static final int FORMAT = 1;

    private BindingCodec() {
    }

    public static byte[] encode(Binding b) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(b.key());
            out.writeUTF(b.contactHeader());
            out.writeUTF(b.contactUri());
            writeNullable(out, b.instance());
            out.writeInt(b.regId());
            out.writeUTF(b.callId());
            out.writeLong(b.cseq());
            out.writeLong(b.expiresAtMillis());
            writeNullable(out, b.route());
            writeNullable(out, b.flow());
            writeNullable(out, b.natReason());
            out.writeInt(b.branchHash());
            out.writeLong(b.registeredAtMillis());
            writeNullable(out, b.node());
            out.writeBoolean(b.connectionLost());
        } catch (IOException e) {
            throw new UncheckedIOException("binding not encoded (a field over 64 KB?): " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException a record of another format or cut short */
    public static Binding decode(byte[] record) throws IOException {
        DataInput in = new DataInputStream(new ByteArrayInputStream(record));
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("binding format " + format + ", expected " + FORMAT);
        }
        return new Binding(in.readUTF(), in.readUTF(), in.readUTF(), readNullable(in), in.readInt(), in.readUTF(),
                in.readLong(), in.readLong(), readNullable(in), readNullable(in), readNullable(in), in.readInt(),
                in.readLong(), readNullable(in), in.readBoolean());
    }

    private static void writeNullable(DataOutput out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
