package org.opensbc.media.webrtc;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ice4j settings that must be in place before its first class loads (its configuration is read
 * once). Idempotent.
 */
final class IceDefaults {

    /** Strong references: java.util.logging keeps loggers weakly, and would forget the level. */
    private static final Logger ICE4J_LOG = Logger.getLogger("org.ice4j");
    private static final Logger JITSI_LOG = Logger.getLogger("org.jitsi");

    private IceDefaults() {
    }

    static synchronized void apply() {
        // Never probe the cloud metadata address to guess a public IP: the operator configures it.
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        // Topology hiding: STUN messages do not name the software behind the port.
        System.setProperty("ice4j.software", "");
        // ice4j logs every check at INFO through java.util.logging; only problems are worth a line.
        ICE4J_LOG.setLevel(Level.WARNING);
        JITSI_LOG.setLevel(Level.WARNING);
    }
}
