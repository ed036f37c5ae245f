package org.opensbc.core.trunk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RulesException;
import org.opensbc.rules.model.TrunkSpec;

/**
 * The trunks in force, by name: those routing.yaml defines plus sbc.yaml's default trunk. Built
 * whole at start and at each reload; a trunk whose description did not change keeps its live
 * state (calls in progress, up or down), so a reload never resets call admission.
 */
public final class TrunkDirectory {

    private final Map<String, Trunk> trunks;

    private TrunkDirectory(Map<String, Trunk> trunks) {
        this.trunks = trunks;
    }

    public static TrunkDirectory empty() {
        return new TrunkDirectory(Map.of());
    }

    /**
     * Resolves each trunk's host (DNS happens here, never per call) and carries state over from
     * {@code previous}.
     *
     * @param tlsListener the gateway listens on TLS: outgoing TLS leaves from that listener, so a
     *                    TLS trunk needs it
     * @throws RulesException naming a host that does not resolve, or a TLS trunk without the listener
     */
    public static TrunkDirectory build(Collection<TrunkSpec> specs, TrunkDirectory previous, String file,
            boolean tlsListener) throws RulesException {
        return build(specs, previous, file, tlsListener, null);
    }

    /** @param cluster counts each trunk's calls over the nodes sharing a store; null: this node alone */
    public static TrunkDirectory build(Collection<TrunkSpec> specs, TrunkDirectory previous, String file,
            boolean tlsListener, ClusterCallCount cluster) throws RulesException {
        Map<String, Trunk> out = new LinkedHashMap<>();
        for (TrunkSpec spec : specs) {
            if ("tls".equals(spec.transport()) && !tlsListener) {
                throw new RulesException(List.of(new RuleError(file, 0, 0, "trunk '" + spec.name()
                        + "': transport tls needs the gateway's TLS listener (sbc.yaml sip.tls.enabled: true);"
                        + " outgoing TLS leaves from it")));
            }
            String address;
            try {
                address = InetAddress.getByName(spec.host()).getHostAddress();
            } catch (UnknownHostException e) {
                throw new RulesException(List.of(new RuleError(file, 0, 0,
                        "trunk '" + spec.name() + "': cannot resolve host " + spec.host())));
            }
            Trunk old = previous.trunks.get(spec.name());
            Trunk trunk;
            try {
                trunk = new Trunk(spec, address, old != null ? old.counter() : new java.util.concurrent.atomic.AtomicInteger(),
                        cluster);
            } catch (java.security.GeneralSecurityException e) {
                throw new RulesException(List.of(new RuleError(file, 0, 0,
                        "trunk '" + spec.name() + "': cannot use its TLS authorities: " + e.getMessage())));
            }
            if (old != null && old.spec().equals(spec) && old.address().equals(address)) {
                trunk.inheritHealth(old);
            }
            out.put(spec.name(), trunk);
        }
        return new TrunkDirectory(java.util.Collections.unmodifiableMap(out));
    }

    public Trunk get(String name) {
        return trunks.get(name);
    }

    public Collection<Trunk> all() {
        return trunks.values();
    }

    /** The TLS trunk at {@code ip} and {@code port} (where the gateway connects to it), or null. */
    public Trunk tlsAt(String ip, int port) {
        for (Trunk t : trunks.values()) {
            if ("TLS".equals(t.transport()) && t.address().equals(ip) && t.spec().port() == port) {
                return t;
            }
        }
        return null;
    }

    /** The trunk whose addresses include {@code ip} (IP authentication), or null. */
    public Trunk identify(String ip) {
        for (Trunk t : trunks.values()) {
            if (t.isSource(ip)) {
                return t;
            }
        }
        return null;
    }
}
