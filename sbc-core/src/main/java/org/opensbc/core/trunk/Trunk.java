package org.opensbc.core.trunk;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509TrustManager;
import org.opensbc.sip.tls.ServerIdentity;
import org.opensbc.rules.match.Cidr;
import org.opensbc.rules.model.TrunkSpec;

/**
 * A trunk at run time: its description, the address its host resolved to, the calls it carries
 * now (call admission) and whether OPTIONS say it is up (with hysteresis: {@code downAfter}
 * missed answers in a row mark it down, {@code upAfter} answers bring it back). Thread-safe.
 */
public final class Trunk {

    private final TrunkSpec spec;
    private final String address;
    private final List<Cidr> sources;
    /** Shared with the instance this one replaced at a reload: calls begun before still count, and release here. */
    private final AtomicInteger calls;
    /** Up or down by OPTIONS; written under this object's monitor, read by routing without it. */
    private volatile TrunkHealth health = TrunkHealth.UP;
    /** TLS trunks: the authorities its certificate must chain to; null for UDP and TCP. */
    private final X509TrustManager trust;

    /** Counts its calls over the cluster; null: this node's count is the whole count. */
    private final ClusterCallCount cluster;

    Trunk(TrunkSpec spec, String address, AtomicInteger calls) throws GeneralSecurityException {
        this(spec, address, calls, null);
    }

    Trunk(TrunkSpec spec, String address, AtomicInteger calls, ClusterCallCount cluster)
            throws GeneralSecurityException {
        this.cluster = cluster;
        this.spec = spec;
        this.address = address;
        this.calls = calls;
        this.sources = spec.sources().isEmpty() ? List.of(Cidr.parse(address)) : spec.sources();
        this.trust = !"tls".equals(spec.transport()) ? null
                : spec.tls() != null ? ServerIdentity.trusting(spec.tls().authorities()) : ServerIdentity.jdkTrust();
    }

    /**
     * A TLS trunk's certificate: it must chain to the trunk's {@code tls.caFile} (else the JDK's
     * trust store) and name the trunk's host.
     *
     * @throws CertificateException why not, in one line
     */
    public void checkCertificate(X509Certificate[] chain, String authType) throws CertificateException {
        if (trust == null) {
            throw new CertificateException("trunk " + name() + " is not a TLS trunk");
        }
        String authorities = spec.tls() != null ? spec.tls().caFile().toString() : "the JDK's trust store";
        ServerIdentity.verify(trust, authorities, chain, authType, spec.host());
    }

    public String name() {
        return spec.name();
    }

    public TrunkSpec spec() {
        return spec;
    }

    /** The IP literal its host resolved to when the rules were loaded. */
    public String address() {
        return address;
    }

    /** Transport in upper case, as the SIP stack names it: UDP, TCP, TLS. */
    public String transport() {
        return spec.transport().toUpperCase(java.util.Locale.ROOT);
    }

    public boolean isSource(String ip) {
        for (Cidr c : sources) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    public boolean isUp() {
        return health.up();
    }

    public int activeCalls() {
        return calls.get();
    }

    /**
     * Takes a call slot when the trunk is up and below its limit. Each successful call must be
     * matched by one {@link #release()}.
     */
    public boolean tryAcquire() {
        if (!isUp()) {
            return false;
        }
        int limit = spec.maxCalls();
        if (cluster != null) {
            if (limit > 0 && cluster.add(spec.name(), 1) > limit) {
                cluster.add(spec.name(), -1);
                return false;
            }
            if (limit <= 0) {
                cluster.add(spec.name(), 1);
            }
            calls.incrementAndGet();
            return true;
        }
        while (true) {
            int now = calls.get();
            if (limit > 0 && now >= limit) {
                return false;
            }
            if (calls.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        calls.decrementAndGet();
        if (cluster != null) {
            cluster.add(spec.name(), -1);
        }
    }

    /** An OPTIONS probe was answered ({@code true}) or timed out. @return true when the state changed */
    public synchronized boolean probed(boolean answered) {
        TrunkSpec.Health thresholds = spec.health();
        if (thresholds == null) {
            return false;
        }
        TrunkHealth before = health;
        health = before.after(answered, thresholds);
        return health.up() != before.up();
    }

    /** Takes over whether the trunk it replaces at a reload (same description) was up. */
    synchronized void inheritHealth(Trunk old) {
        health = new TrunkHealth(old.isUp(), 0);
    }

    AtomicInteger counter() {
        return calls;
    }
}
