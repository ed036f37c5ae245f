package org.opensbc.rules.parse;

import java.util.regex.Pattern;

/**
 * Checks a regex replacement ("+44$1") against its expression when the file is read, so that a
 * "$2" for a one-group expression is an error on the rule's line, not a failed call later.
 */
final class Replacement {

    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private Replacement() {
    }

    /** @return what is wrong, or null */
    static String check(String replacement, Pattern regex) {
        int groups = regex.matcher("").groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i >= replacement.length()) {
                    return "ends with a lone backslash";
                }
            } else if (c == '$') {
                if (++i >= replacement.length()) {
                    return "ends with a lone $ (write \\$ for a dollar sign)";
                }
                if (replacement.charAt(i) == '{') {
                    int end = replacement.indexOf('}', i);
                    String name = end < 0 ? "" : replacement.substring(i + 1, end);
                    if (!GROUP_NAME.matcher(name).matches() || !regex.pattern().contains("(?<" + name + ">")) {
                        return "no group named '" + name + "'";
                    }
                    i = end;
                } else if (Character.isDigit(replacement.charAt(i))) {
                    int group = replacement.charAt(i) - '0';
                    if (group > groups) {
                        return "$" + group + " but the expression has " + groups + " group" + (groups == 1 ? "" : "s");
                    }
                } else {
                    return "$ must be followed by a group number or {name}";
                }
            }
        }
        return null;
    }
}
