package org.opensbc.core.call;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dialog of a call as a state store keeps it: what a BYE on it needs once the process that
 * held the dialog is gone (RFC 3261 12.2.1.1), as plain strings. Written from the gateway's side:
 * "local" is the gateway, "remote" the peer.
 *
 * @param localUri      the gateway's address in this dialog (the BYE's From, without its tag)
 * @param remoteUri     the peer's address (the BYE's To, without its tag)
 * @param remoteTarget  the peer's Contact URI: the BYE's Request-URI
 * @param routeSet      Route header values in order (empty when the dialog has none)
 * @param nextLocalCseq the CSeq the gateway's next request in this dialog carries
 * @param nextHop       where requests to the peer go, as "TRANSPORT:host:port"
 */
public record StoredLeg(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
        String remoteTarget, List<String> routeSet, long nextLocalCseq, String nextHop) {

    /** More routes than any real dialog carries: a count above this is a corrupt record. */
    private static final int MAX_ROUTES = 64;

    public StoredLeg {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
        Objects.requireNonNull(localUri, "localUri");
        Objects.requireNonNull(remoteUri, "remoteUri");
        Objects.requireNonNull(remoteTarget, "remoteTarget");
        Objects.requireNonNull(nextHop, "nextHop");
        routeSet = List.copyOf(routeSet);
    }

    /** The peer is reached over UDP: a BYE still gets there after a restart (no connection to lose). */
    public boolean overUdp() {
        return nextHop.regionMatches(true, 0, "UDP:", 0, 4);
    }

    void writeTo(DataOutput out) throws IOException {
        if (routeSet.size() > MAX_ROUTES) {
            throw new IOException(routeSet.size() + " routes do not fit a stored leg");
        }
        out.writeUTF(callId);
        out.writeUTF(localTag);
        out.writeUTF(remoteTag);
        out.writeUTF(localUri);
        out.writeUTF(remoteUri);
        out.writeUTF(remoteTarget);
        out.writeByte(routeSet.size());
        for (String route : routeSet) {
            out.writeUTF(route);
        }
        out.writeLong(nextLocalCseq);
        out.writeUTF(nextHop);
    }

    static StoredLeg readFrom(DataInput in) throws IOException {
        String callId = in.readUTF();
        String localTag = in.readUTF();
        String remoteTag = in.readUTF();
        String localUri = in.readUTF();
        String remoteUri = in.readUTF();
        String remoteTarget = in.readUTF();
        int routes = in.readUnsignedByte();
        if (routes > MAX_ROUTES) {
            throw new IOException("stored leg with " + routes + " routes");
        }
        List<String> routeSet = new ArrayList<>(routes);
        for (int i = 0; i < routes; i++) {
            routeSet.add(in.readUTF());
        }
        return new StoredLeg(callId, localTag, remoteTag, localUri, remoteUri, remoteTarget, routeSet, in.readLong(),
                in.readUTF());
    }

    static void writeNullable(DataOutput out, StoredLeg leg) throws IOException {
        out.writeBoolean(leg != null);
        if (leg != null) {
            leg.writeTo(out);
        }
    }

    static StoredLeg readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? readFrom(in) : null;
    }
}
