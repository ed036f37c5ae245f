package org.opensbc.rules.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.opensbc.rules.yaml.YamlTree;

/** Names of rules, trunks and groups: plain words, each defined once per kind. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String kind;
    /** Where each name was first defined (line), to point at it from a duplicate. */
    private final Map<String, Integer> seen = new HashMap<>();

    Names(String kind) {
        this.kind = kind;
    }

    /** The node's name if it is a valid, new one; else reports and returns null. */
    String define(YamlTree nameNode) {
        if (nameNode.isMissing()) {
            return null;
        }
        String name = nameNode.text().orElse(null);
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            nameNode.error("'" + name + "' is not a valid " + kind + " name (letters, digits, '.', '_', '-')");
            return null;
        }
        Integer first = seen.putIfAbsent(name, nameNode.line());
        if (first != null) {
            nameNode.error("duplicate " + kind + " name '" + name + "' (first defined on line " + first + ")");
            return null;
        }
        return name;
    }

    boolean contains(String name) {
        return seen.containsKey(name);
    }
}
