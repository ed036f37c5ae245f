package org.opensbc.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.opensbc.core.config.GatewayConfig.UserEntry;
import org.opensbc.rules.yaml.Errors;
import org.opensbc.rules.yaml.YamlTree;

/**
 * Reads the users file: a list under {@code users:} of entries with {@code username} and either
 * {@code password} or {@code ha1} (MD5 of "user:realm:password"), or neither for a demo user whose
 * password is generated at first start.
 */
final class UsersFileLoader {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=%-]{1,64}");
    private static final Pattern HA1 = Pattern.compile("[0-9a-fA-F]{32}");

    private UsersFileLoader() {
    }

    /** The users of {@code file}; its mistakes go to {@code errors} (the caller reports them with the rest). */
    static List<UserEntry> read(Path file, Errors errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(0, 0, "cannot read: " + e.getMessage());
            return List.of();
        }
        Optional<List<UserEntry>> plain = PlainUsersReader.read(text);
        return plain.isPresent() ? plain.get() : readYaml(text, errors);
    }

    /** The full YAML path: any shape YAML allows, and every mistake reported at its line and column. */
    static List<UserEntry> readYaml(String text, Errors errors) {
        YamlTree root = YamlTree.parse(text, errors);
        root.entries(Set.of("users"));
        List<UserEntry> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlTree entry : root.get("users").items()) {
            entry.entries(Set.of("username", "password", "ha1"));
            String username = entry.get("username").text(null);
            if (username == null || !validUsername(username)) {
                entry.error("username missing or not a valid SIP user part");
                continue;
            }
            if (!names.add(username)) {
                entry.get("username").error("duplicate user '" + username + "'");
            }
            String password = entry.get("password").text(null);
            String ha1 = entry.get("ha1").text(null);
            if (password != null && ha1 != null) {
                entry.error("give password or ha1, not both");
            }
            if (password != null && !validPassword(password)) {
                entry.get("password").error("must be at least 8 characters");
            }
            if (ha1 != null && !validHa1(ha1)) {
                entry.get("ha1").error("must be 32 hex digits (MD5 of user:realm:password)");
            }
            users.add(entry(username, password, ha1));
        }
        return List.copyOf(users);
    }

    static boolean validUsername(String username) {
        return USERNAME.matcher(username).matches();
    }

    static boolean validPassword(String password) {
        return password.length() >= 8;
    }

    static boolean validHa1(String ha1) {
        return HA1.matcher(ha1).matches();
    }

    static UserEntry entry(String username, String password, String ha1) {
        return new UserEntry(username, password, ha1 == null ? null : ha1.toLowerCase(java.util.Locale.ROOT));
    }
}
