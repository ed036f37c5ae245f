package org.opensbc.state.redis;

import java.util.LinkedHashMap;
import java.util.Map;

import org.opensbc.state.NodeInfo;

/** A heartbeat's bytes: the node's id, addresses, times and load figures. */
final class NodeInfoCodec {

    private NodeInfoCodec() {
    }

    static byte[] encode(NodeInfo n) {
        return StoredValues.write(out -> {
            out.writeUTF(n.id());
            out.writeUTF(n.sipAddress());
            out.writeUTF(n.adminAddress());
            out.writeLong(n.startedAtMillis());
            out.writeLong(n.heartbeatAtMillis());
            out.writeInt(n.load().size());
            for (Map.Entry<String, Long> e : n.load().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        });
    }

    static NodeInfo decode(byte[] bytes) {
        return StoredValues.read(bytes, in -> {
            String id = in.readUTF();
            String sip = in.readUTF();
            String admin = in.readUTF();
            long started = in.readLong();
            long heartbeat = in.readLong();
            int n = in.readInt();
            Map<String, Long> load = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                load.put(in.readUTF(), in.readLong());
            }
            return new NodeInfo(id, sip, admin, started, heartbeat, Map.copyOf(load));
        });
    }
}
