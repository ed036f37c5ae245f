package org.opensbc.core.call;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The bytes of a record written with {@link DataOutput} (the compact forms of this package). */
final class RecordBytes {

    /** Writes one record. */
    @FunctionalInterface
    interface Writer {
        void writeTo(DataOutput out) throws IOException;
    }

    private RecordBytes() {
    }

    static byte[] of(Writer record, int expectedSize) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            record.writeTo(out);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail: this is a record too large for its format
            throw new UncheckedIOException("record not written: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
