package org.opensbc.sip.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Is a TLS server the one the gateway meant to reach? Its chain must lead to a trusted authority,
 * and its certificate must name the host the gateway was configured with (RFC 5922 / RFC 6125:
 * a subjectAltName DNS name, wildcard in the left-most label only, an IP address for an address,
 * or a {@code sip:} URI; the common name only when there is no DNS name at all). Every refusal is
 * one line that says why.
 */
public final class ServerIdentity {

    private ServerIdentity() {
    }

    /** A trust manager that trusts exactly {@code authorities}. */
    public static X509TrustManager trusting(List<X509Certificate> authorities) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : authorities) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
        throw new GeneralSecurityException("no X.509 trust manager in this JDK");
    }

    /** The JDK's default trust store (its public CAs, or javax.net.ssl.trustStore). */
    public static X509TrustManager jdkTrust() throws GeneralSecurityException {
        return PeerCheckingTrustManager.jdkDefault();
    }

    /**
     * @param trustName how to name {@code trust} in a refusal ("/etc/sbc/carrier-ca.pem")
     * @param host      the name or IP address the certificate must carry
     * @throws CertificateException one line: expired, not signed by a trusted CA, or not for {@code host}
     */
    public static void verify(X509TrustManager trust, String trustName, X509Certificate[] chain, String authType,
            String host) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("it presented no certificate");
        }
        X509Certificate leaf = chain[0];
        String who = "its certificate (" + leaf.getSubjectX500Principal().getName() + ", issued by "
                + leaf.getIssuerX500Principal().getName() + ")";
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new CertificateException(who + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateException(who + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        try {
            trust.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new CertificateException(who + " is not signed by a CA in " + trustName, e);
        }
        List<String> names = names(leaf);
        if (!carries(leaf, host)) {
            throw new CertificateException(who + " does not name " + host + " (it names "
                    + (names.isEmpty() ? "nothing" : String.join(", ", names)) + ")");
        }
    }

    /** Whether the certificate is for {@code host}. */
    static boolean carries(X509Certificate cert, String host) throws CertificateParsingException {
        InetAddress address = literal(host);
        boolean anyDns = false;
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                int type = (Integer) entry.get(0);
                String value = String.valueOf(entry.get(1));
                if (type == 7 && address != null && address.equals(literal(value))) {
                    return true;
                }
                if (type == 2) {
                    anyDns = true;
                    if (address == null && dnsMatches(value, host)) {
                        return true;
                    }
                }
                if (type == 6 && (value.equalsIgnoreCase("sip:" + host) || value.equalsIgnoreCase("sips:" + host))) {
                    return true;
                }
            }
        }
        if (address == null && !anyDns) {
            String cn = commonName(cert);
            return cn != null && dnsMatches(cn, host);
        }
        return false;
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1)) && p.indexOf('*', 1) < 0;
        }
        return p.equals(h);
    }

    /** What the certificate names, for the refusal message. */
    private static List<String> names(X509Certificate cert) throws CertificateParsingException {
        List<String> out = new ArrayList<>();
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                int type = (Integer) entry.get(0);
                if (type == 2 || type == 6 || type == 7) {
                    out.add(String.valueOf(entry.get(1)));
                }
            }
        }
        if (out.isEmpty() && commonName(cert) != null) {
            out.add("CN=" + commonName(cert));
        }
        return out;
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    /** The address an IP literal names, or null for a host name (never a DNS lookup). */
    private static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
