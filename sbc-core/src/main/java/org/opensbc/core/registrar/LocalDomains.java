package org.opensbc.core.registrar;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.opensbc.core.net.HostAddresses;
import org.opensbc.core.net.IpLiteral;

/**
 * The domains the registrar serves: configured ones, or by default the host's own addresses and
 * "localhost"; the addresses the gateway advertises always. IP literals in one spelling ("::1").
 * The gateway's IPv6 address names the same domain as its primary one: a phone registered over
 * IPv6 at [2001:db8::5] is the user an IPv4 phone calls at 192.0.2.2 (IPv4<->IPv6 interworking).
 */
public final class LocalDomains {

    private final Set<String> domains;
    /** The advertised IPv6 address, canonical, and the domain it stands for; null when none. */
    private final String aliasV6;
    private final String primary;

    private LocalDomains(Set<String> domains, String aliasV6, String primary) {
        this.domains = Set.copyOf(domains);
        this.aliasV6 = aliasV6;
        this.primary = primary;
    }

    public static LocalDomains of(List<String> configured, String advertisedAddress) {
        return of(configured, advertisedAddress, null);
    }

    /** @param advertisedAddressV6 the SIP address given to IPv6 peers, or null */
    public static LocalDomains of(List<String> configured, String advertisedAddress, String advertisedAddressV6) {
        Set<String> out = new TreeSet<>();
        if (configured.isEmpty()) {
            out.add("localhost");
            out.addAll(hostAddresses());
        } else {
            configured.forEach(d -> out.add(normal(d)));
        }
        String primary = blank(advertisedAddress) ? null : normal(advertisedAddress);
        if (primary != null) {
            out.add(primary);
        }
        String v6 = blank(advertisedAddressV6) ? null : normal(advertisedAddressV6);
        if (v6 != null) {
            out.add(v6);
        }
        boolean alias = v6 != null && primary != null && !v6.equals(primary);
        return new LocalDomains(out, alias ? v6 : null, alias ? primary : null);
    }

    private static Set<String> hostAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    out.add(HostAddresses.literal(a)); // no zone; IPv6 as "fe80::1", not "fe80:0:0:0:0:0:0:1"
                }
            }
        } catch (SocketException e) {
            out.add("127.0.0.1");
        }
        return out;
    }

    public boolean contains(String host) {
        return domains.contains(normal(host));
    }

    /**
     * The address-of-record for {@code user} at {@code host} as the location service keys it:
     * the domain lower-case, an IP literal in one spelling, the gateway's IPv6 address as its
     * primary one.
     */
    public String aor(String user, String host) {
        String domain = normal(host);
        if (domain.equals(aliasV6)) {
            domain = primary;
        }
        return user + "@" + domain;
    }

    /** True when {@code host} is the gateway's own IPv4 or IPv6 advertised address (both being known). */
    public boolean isAdvertised(String host) {
        String h = normal(host);
        return aliasV6 != null && (h.equals(aliasV6) || h.equals(primary));
    }

    /** {@link #aor(String, String)} for "user@host". */
    public String aor(String userAtHost) {
        int at = userAtHost.lastIndexOf('@');
        return at < 0 ? userAtHost : aor(userAtHost.substring(0, at), userAtHost.substring(at + 1));
    }

    public Set<String> all() {
        return domains;
    }

    private static String normal(String host) {
        return IpLiteral.canonical(host.trim()).toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
