package org.opensbc.rules.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Number normalisation on the Request-URI user, applied in this order: strip leading
 * characters, put a prefix in front, then a regular expression replacement (Java syntax, $1 for
 * groups). A replacement whose expression does not match leaves the number as it is.
 *
 * @param strip   characters removed from the front (0: none)
 * @param prefix  put in front after stripping ("" : none)
 * @param regex   null: no replacement
 */
public record Rewrite(int strip, String prefix, Pattern regex, String replacement) {

    public static final Rewrite NONE = new Rewrite(0, "", null, null);

    public boolean isNone() {
        return strip == 0 && prefix.isEmpty() && regex == null;
    }

    public String apply(String user) {
        String out = strip >= user.length() ? "" : user.substring(strip);
        out = prefix + out;
        if (regex != null) {
            Matcher m = regex.matcher(out);
            if (m.matches()) {
                out = m.replaceFirst(replacement);
            }
        }
        return out;
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        if (strip > 0) {
            b.append("strip ").append(strip).append(' ');
        }
        if (!prefix.isEmpty()) {
            b.append("prefix ").append(prefix).append(' ');
        }
        if (regex != null) {
            b.append("s/").append(regex.pattern()).append('/').append(replacement).append("/ ");
        }
        return b.toString().trim();
    }
}
