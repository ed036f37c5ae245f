package org.opensbc.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.opensbc.sip.tls.ReloadableKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a new certificate and key in force when their PEM files change (a renewal by certbot or an
 * operator), without a restart: new TLS and WSS connections get the new pair, open ones keep
 * theirs. The files are compared by content at every {@link #check} (a renewal that swaps
 * symlinks counts too); a change is acted on once it has stood for one check, so a pair written
 * one file after the other is read whole. A pair that cannot be read, or whose key is not the
 * certificate's, is refused with one log line and the pair in force stays.
 */
public final class CertificateReloader {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final ReloadableKeyManager keys;
    private final Path certificate;
    private final Path privateKey;
    /** Content of the pair in force, of a change seen once and not yet acted on, of the last refused. */
    private byte[] inForce;
    private byte[] pending;
    private byte[] refused;

    private CertificateReloader(ReloadableKeyManager keys, Path certificate, Path privateKey, byte[] inForce) {
        this.keys = keys;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.inForce = inForce;
    }

    /** Loads the pair (the gateway does not start on a bad one) and watches it from then on. */
    public static CertificateReloader load(Path certificate, Path privateKey) throws IOException {
        byte[] content = fingerprint(certificate, privateKey);
        try {
            return new CertificateReloader(ReloadableKeyManager.load(certificate, privateKey), certificate, privateKey,
                    content);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use certificate " + certificate + " with key " + privateKey + ": "
                    + e.getMessage(), e);
        }
    }

    public ReloadableKeyManager keys() {
        return keys;
    }

    /** Reloads when the files changed since the last look and have not changed since; cheap otherwise. */
    public synchronized void check() {
        byte[] now;
        try {
            now = fingerprint(certificate, privateKey);
        } catch (IOException e) {
            now = new byte[0]; // missing or unreadable for now: a change like any other
        }
        if (Arrays.equals(now, inForce)) {
            pending = null;
            return;
        }
        if (!Arrays.equals(now, pending)) {
            pending = now; // wait one more look: the other file may be on its way
            return;
        }
        if (Arrays.equals(now, refused)) {
            return; // said once already
        }
        try {
            keys.replace(certificate, privateKey);
            inForce = now;
            pending = null;
            X509Certificate c = keys.certificate();
            LOG.info("TLS certificate reloaded from {}: {}, serial {}, valid until {}; new connections use it",
                    certificate, c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
                    c.getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            refused = now;
            LOG.error("TLS certificate {} with key {} NOT reloaded, the one in force stays (serial {}): {}", certificate,
                    privateKey, keys.certificate().getSerialNumber().toString(16), e.getMessage());
        }
    }

    private static byte[] fingerprint(Path certificate, Path privateKey) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(certificate));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(privateKey));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
