package org.opensbc.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensbc.core.config.GatewayConfig.UserEntry;
import org.opensbc.core.config.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the user directory. Users configured without a password (the shipped demo users) get one
 * generated at first start: it is printed once and only its HA1 is kept, in the data directory,
 * so no fixed password is ever reachable from the network.
 */
public final class GeneratedCredentials {

    private static final Logger LOG = LoggerFactory.getLogger("sbc.setup");
    private static final String FILE = "generated-credentials.txt";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private GeneratedCredentials() {
    }

    public static UserDirectory directory(List<UserEntry> users, String realm, Path dataDir) throws IOException {
        Path store = dataDir.resolve(FILE);
        Map<String, String> generated = read(store, realm);
        Map<String, String> ha1ByUser = new LinkedHashMap<>();
        boolean changed = false;
        SecureRandom random = new SecureRandom();
        for (UserEntry user : users) {
            if (user.ha1() != null) {
                ha1ByUser.put(user.username(), user.ha1());
            } else if (user.password() != null) {
                ha1ByUser.put(user.username(), Md5.ha1(user.username(), realm, user.password()));
            } else {
                String ha1 = generated.get(user.username());
                if (ha1 == null) {
                    String password = password(random);
                    ha1 = Md5.ha1(user.username(), realm, password);
                    generated.put(user.username(), ha1);
                    changed = true;
                    LOG.warn("Generated password for demo user '{}' (realm '{}'): {}  -- shown once; "
                            + "only its hash is kept in {}", user.username(), realm, password, store);
                }
                ha1ByUser.put(user.username(), ha1);
            }
        }
        if (changed) {
            write(store, realm, generated);
        }
        return new UserDirectory(realm, ha1ByUser);
    }

    private static String password(SecureRandom random) {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Lines "user realm ha1"; entries of another realm are void (their HA1 no longer applies). */
    private static Map<String, String> read(Path store, String realm) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(store)) {
            return out;
        }
        for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[1].equals(realm)) {
                out.put(parts[0], parts[2]);
            }
        }
        return out;
    }

    private static void write(Path store, String realm, Map<String, String> generated) throws IOException {
        StringBuilder sb = new StringBuilder("# user realm HA1 -- generated demo credentials; delete to regenerate\n");
        generated.forEach((user, ha1) -> sb.append(user).append(' ').append(realm).append(' ').append(ha1).append('\n'));
        SecretFiles.write(store, sb.toString());
    }
}
