package org.opensbc.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.opensbc.core.config.GatewayConfig.UserEntry;

/**
 * Reads the users file: a list under {@code users:} of entries with {@code username} and either
 * {@code password} or {@code ha1} (MD5 of "user:realm:password"), or neither for a demo user whose
 * password is generated at first start.
 */
public final class UsersFileLoader {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=%-]{1,64}");
    private static final Pattern HA1 = Pattern.compile("[0-9a-fA-F]{32}");

    private UsersFileLoader() {
    }

    public static List<UserEntry> load(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": not found");
        }
        YamlNode root = YamlNode.load(file).expectKeys(Set.of("users"));
        List<UserEntry> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode entry : root.list("users")) {
            entry.expectKeys(Set.of("username", "password", "ha1"));
            String username = entry.string("username", null);
            if (username == null || !USERNAME.matcher(username).matches()) {
                throw entry.error("username missing or not a valid SIP user part");
            }
            if (!names.add(username)) {
                throw entry.child("username").error("duplicate user '" + username + "'");
            }
            String password = entry.string("password", null);
            String ha1 = entry.string("ha1", null);
            if (password != null && ha1 != null) {
                throw entry.error("give password or ha1, not both");
            }
            if (password != null && password.length() < 8) {
                throw entry.child("password").error("must be at least 8 characters");
            }
            if (ha1 != null && !HA1.matcher(ha1).matches()) {
                throw entry.child("ha1").error("must be 32 hex digits (MD5 of user:realm:password)");
            }
            users.add(new UserEntry(username, password, ha1 == null ? null : ha1.toLowerCase(java.util.Locale.ROOT)));
        }
        return List.copyOf(users);
    }
}
