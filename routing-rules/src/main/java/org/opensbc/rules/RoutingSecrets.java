package org.opensbc.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opensbc.rules.yaml.Errors;
import org.opensbc.rules.yaml.YamlTree;

/**
 * The secrets in routing.yaml (trunk digest passwords) as the admin API shows and takes them:
 * shown as {@value #MASK}, the rest of the text (comments, layout) as it is; a text sent back
 * with a password still masked keeps the password in force for the trunk of that name, written
 * into the text before it is validated and saved, so the file on disk keeps the real one.
 */
public final class RoutingSecrets {

    /** What a password is shown as. A real password of exactly this text cannot be set through the API. */
    public static final String MASK = "****";
    private static final String QUOTED_MASK = "\"" + MASK + "\"";
    /** Any {@code password:} value, for a text that is not YAML at all (a file saved half-edited). */
    private static final Pattern ANY_PASSWORD = Pattern.compile(
            "(\\bpassword\\s*:[ \\t]*)(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\n]|'')*'|[^,}\\n]*[^,}\\s])");

    private RoutingSecrets() {
    }

    /** {@code text} with every {@code password:} value replaced by {@code "****"}. */
    public static String mask(String text) {
        Optional<YamlTree> root = tree(text);
        if (root.isEmpty()) {
            return ANY_PASSWORD.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(QUOTED_MASK));
        }
        List<YamlTree> passwords = new ArrayList<>();
        collectPasswords(root.get(), passwords);
        return replace(text, passwords, p -> QUOTED_MASK);
    }

    /**
     * {@code text} with each masked trunk password replaced by {@code inForce}'s password for the
     * trunk of the same name.
     *
     * @param inForce passwords in force by trunk name
     * @throws RulesException a masked password for a trunk that has none in force (file:line:col)
     */
    public static String unmask(String text, String fileName, Map<String, String> inForce) throws RulesException {
        Optional<YamlTree> root = tree(text);
        if (root.isEmpty()) {
            return text; // the parser will name the syntax error
        }
        List<YamlTree> masked = new ArrayList<>();
        List<String> trunks = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        YamlTree list = value(root.get(), "trunks");
        if (list.isList()) {
            int index = 0;
            for (YamlTree trunk : list.items()) {
                YamlTree password = value(value(trunk, "digest"), "password");
                if (password.isScalar() && MASK.equals(password.text(""))) {
                    YamlTree nameNode = value(trunk, "name");
                    String name = nameNode.isScalar() ? nameNode.text("") : "";
                    if (inForce.get(name) == null) {
                        errors.add(new RuleError(fileName, password.line(), password.column(), "trunks[" + index
                                + "].digest.password: masked (" + MASK + ") but trunk '" + name
                                + "' has no password in force: write it out"));
                    } else {
                        masked.add(password);
                        trunks.add(name);
                    }
                }
                index++;
            }
        }
        if (!errors.isEmpty()) {
            throw new RulesException(errors);
        }
        return replace(text, masked, p -> quoted(inForce.get(trunks.get(masked.indexOf(p)))));
    }

    /** The text as YAML, or empty where it is not YAML (a file saved half-edited). */
    private static Optional<YamlTree> tree(String text) {
        Errors errors = new Errors("");
        YamlTree root = YamlTree.parse(text, errors);
        return errors.isEmpty() && !root.isMissing() ? Optional.of(root) : Optional.empty();
    }

    /** A mapping's entry, or a missing node where {@code node} is no mapping or lacks {@code key}. */
    private static YamlTree value(YamlTree node, String key) {
        return node.isMapping() ? node.get(key) : YamlTree.missing();
    }

    /** Every scalar under a key named {@code password}, anywhere. */
    private static void collectPasswords(YamlTree node, List<YamlTree> out) {
        if (node.isMapping()) {
            node.entries().forEach((key, value) -> {
                if (key.equals("password") && value.isScalar()) {
                    out.add(value);
                } else {
                    collectPasswords(value, out);
                }
            });
        } else if (node.isList()) {
            node.items().forEach(n -> collectPasswords(n, out));
        }
    }

    /** Replaces each node's text (its quotes included), from the end so earlier offsets hold. */
    private static String replace(String text, List<YamlTree> nodes, java.util.function.Function<YamlTree, String> with) {
        StringBuilder out = new StringBuilder(text);
        List<YamlTree> ordered = new ArrayList<>(nodes);
        ordered.sort(Comparator.comparingInt(YamlTree::startIndex).reversed());
        for (YamlTree n : ordered) {
            // SnakeYAML counts code points; the StringBuilder counts chars
            int start = text.offsetByCodePoints(0, n.startIndex());
            int end = text.offsetByCodePoints(0, n.endIndex());
            // a block scalar (| or >) ends with its line: keep the line break
            out.replace(start, end, with.apply(n) + (end > start && text.charAt(end - 1) == '\n' ? "\n" : ""));
        }
        return out.toString();
    }

    /** A YAML double-quoted scalar of {@code value}. */
    private static String quoted(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
