package org.opensbc.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Host text as SIP carries it: an IPv4 literal, an IPv6 literal with or without brackets (and in
 * any of its spellings: JAIN-SIP stamps received=0:0:0:0:0:0:0:1, phones write [::1]), or a
 * name. Never a DNS lookup. One spelling per address ({@link #canonical}) so that keys built from
 * a Via, a Contact or a flow compare equal.
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address an IP literal names, or null for a name or anything that is not one. */
    public static InetAddress parse(String host) {
        if (host == null) {
            return null;
        }
        String h = unbracketed(host);
        String literal;
        if (IPV4.matcher(h).matches()) {
            for (String octet : h.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // the JDK would look "999.1.1.1" up as a name
                }
            }
            literal = h;
        } else if (IPV6.matcher(h).matches()) {
            literal = "[" + h + "]"; // brackets: the JDK fails on a bad literal instead of asking DNS
        } else {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** True for an IPv6 literal (bracketed or not); false for IPv4 literals and names. */
    public static boolean isIpv6(String host) {
        return parse(host) instanceof Inet6Address;
    }

    /**
     * The one spelling of {@code host}: an IPv6 literal without brackets in RFC 5952's short
     * form ("::1"), an IPv4 literal as it is, a name unchanged.
     */
    public static String canonical(String host) {
        InetAddress address = parse(host);
        return address == null ? host : HostAddresses.literal(address);
    }

    /** {@code host} as a URI or Via writes it: an IPv6 literal in brackets, anything else as it is. */
    public static String uriHost(String host) {
        return isIpv6(host) ? "[" + canonical(host) + "]" : host;
    }

    private static String unbracketed(String host) {
        return host.length() > 1 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }
}
