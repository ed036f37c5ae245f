package org.opensbc.core.trunk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.opensbc.rules.model.TrunkSpec;

/**
 * A trunk registration as the state store keeps it (space TRUNK_REGISTRATION, key: the trunk's
 * name), so that a restarted gateway goes on with it instead of registering again: the settings
 * it was made with, its dialog identity (RFC 3261 10.2.4: a refresh keeps the Call-ID and counts
 * the CSeq up) and the lease granted. Only a registration that stands is kept: no record, no
 * registration. A format byte then the fields with {@code DataOutput} (about 150 bytes).
 *
 * @param cseq the CSeq of the latest REGISTER sent with this Call-ID (a refresh sends the next)
 */
public record StoredRegistration(Settings settings, String callId, String fromTag, long cseq,
        RegistrationLease lease) {

    static final int FORMAT = 1;

    /**
     * What the registration was made with; when any of it differs at start (another registrar,
     * account, Contact or asked lifetime), the stored registration is not taken over.
     *
     * @param registrar the Request-URI of the REGISTER ("sip:host:port;transport=udp")
     * @param contact   the Contact URI registered (the gateway's advertised address and port)
     */
    public record Settings(String registrar, String user, String contact, int expiresSeconds) {

        public Settings {
            Objects.requireNonNull(registrar, "registrar");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(contact, "contact");
        }

        /** The settings of {@code trunk}'s account, registering {@code contact}. */
        public static Settings of(TrunkSpec trunk, String contact) {
            String registrar = "sip:" + trunk.host() + ":" + trunk.port() + ";transport=" + trunk.transport();
            return new Settings(registrar, trunk.digest().username(), contact, trunk.digest().expiresSeconds());
        }
    }

    public StoredRegistration {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * What to keep of a registration in {@code state}: null when nothing stands to go on with (not
     * registered, or being withdrawn at shutdown).
     */
    public static StoredRegistration of(RegistrationState state, Settings settings, String callId, String fromTag) {
        if (!state.standing().registered() || state.phase().unregistering() || state.lease() == null) {
            return null;
        }
        return new StoredRegistration(settings, callId, fromTag, state.cseq(), state.lease());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(settings.registrar());
            out.writeUTF(settings.user());
            out.writeUTF(settings.contact());
            out.writeInt(settings.expiresSeconds());
            out.writeUTF(callId);
            out.writeUTF(fromTag);
            out.writeLong(cseq);
            out.writeInt(lease.grantedSeconds());
            out.writeLong(lease.expiresAtMillis());
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail: a field over 64 KB of UTF-8
            throw new UncheckedIOException("trunk registration not encoded: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException a record of another format, or cut short */
    public static StoredRegistration fromBytes(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("trunk registration format " + format + ", expected " + FORMAT);
        }
        Settings settings = new Settings(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt());
        return new StoredRegistration(settings, in.readUTF(), in.readUTF(), in.readLong(),
                new RegistrationLease(in.readInt(), in.readLong()));
    }
}
