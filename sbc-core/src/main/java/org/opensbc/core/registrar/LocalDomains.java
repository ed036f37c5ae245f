package org.opensbc.core.registrar;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The domains the registrar serves: configured ones, or by default the host's own addresses and "localhost". */
public final class LocalDomains {

    private final Set<String> domains;

    private LocalDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    public static LocalDomains of(List<String> configured, String advertisedAddress) {
        Set<String> out = new TreeSet<>();
        if (configured.isEmpty()) {
            out.add("localhost");
            out.addAll(hostAddresses());
        } else {
            configured.forEach(d -> out.add(d.toLowerCase(Locale.ROOT)));
        }
        if (advertisedAddress != null && !advertisedAddress.isBlank()) {
            out.add(advertisedAddress.toLowerCase(Locale.ROOT));
        }
        return new LocalDomains(out);
    }

    private static Set<String> hostAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            out.add("127.0.0.1");
        }
        return out;
    }

    public boolean contains(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return domains.contains(h);
    }

    public Set<String> all() {
        return domains;
    }
}
