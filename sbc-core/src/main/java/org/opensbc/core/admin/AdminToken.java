package org.opensbc.core.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.opensbc.core.config.SecretFiles;

/**
 * The admin API's bearer token: the configured one, or one generated at first start into
 * dataDir/admin-token (readable by the gateway's user only), kept across restarts.
 */
public final class AdminToken {

    private AdminToken() {
    }

    public static String resolve(String configured, Path dataDir) throws IOException {
        if (!configured.isEmpty()) {
            return configured;
        }
        Path file = dataDir.resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        SecretFiles.write(file, token + "\n");
        return token;
    }
}
