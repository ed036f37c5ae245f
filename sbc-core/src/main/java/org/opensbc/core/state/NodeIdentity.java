package org.opensbc.core.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.opensbc.core.config.GatewayConfig;

/** Who this node is among the nodes sharing a store, and where they reach it. */
public final class NodeIdentity {

    private NodeIdentity() {
    }

    /**
     * The configured id, or the host name and SIP port: stable across restarts (a restarted
     * node finds its own calls and connections), distinct for two nodes on one host.
     */
    public static String id(GatewayConfig config) {
        if (!config.state().nodeId().isEmpty()) {
            return config.state().nodeId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + config.sip().udp().port();
    }

    /** "host:port" the other nodes send SIP to for this node's flows (UDP). */
    public static String address(GatewayConfig config, String advertisedSip) {
        if (!config.state().nodeAddress().isEmpty()) {
            return config.state().nodeAddress();
        }
        String host = advertisedSip.contains(":") ? "[" + advertisedSip + "]" : advertisedSip;
        return host + ":" + config.sip().udp().port();
    }
}
