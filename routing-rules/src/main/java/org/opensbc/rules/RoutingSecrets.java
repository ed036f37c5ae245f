package org.opensbc.rules;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

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
        Node root = compose(text);
        if (root == null) {
            return ANY_PASSWORD.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(QUOTED_MASK));
        }
        List<ScalarNode> passwords = new ArrayList<>();
        collectPasswords(root, passwords);
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
        Node root = compose(text);
        if (root == null) {
            return text; // the parser will name the syntax error
        }
        List<ScalarNode> masked = new ArrayList<>();
        List<String> trunks = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        if (root instanceof MappingNode top && value(top, "trunks") instanceof SequenceNode list) {
            int index = 0;
            for (Node item : list.getValue()) {
                if (item instanceof MappingNode trunk && value(trunk, "digest") instanceof MappingNode digest
                        && value(digest, "password") instanceof ScalarNode password && MASK.equals(password.getValue())) {
                    String name = value(trunk, "name") instanceof ScalarNode n ? n.getValue() : "";
                    if (inForce.get(name) == null) {
                        errors.add(new RuleError(fileName, password.getStartMark().getLine() + 1,
                                password.getStartMark().getColumn() + 1, "trunks[" + index + "].digest.password: "
                                + "masked (" + MASK + ") but trunk '" + name + "' has no password in force: write it out"));
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

    private static Node compose(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            return new Yaml(options).compose(new StringReader(text));
        } catch (YAMLException e) {
            return null;
        }
    }

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /** Every scalar under a key named {@code password}, anywhere. */
    private static void collectPasswords(Node node, List<ScalarNode> out) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("password")
                        && t.getValueNode() instanceof ScalarNode v) {
                    out.add(v);
                } else {
                    collectPasswords(t.getValueNode(), out);
                }
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(n -> collectPasswords(n, out));
        }
    }

    /** Replaces each node's text (its quotes included), from the end so earlier offsets hold. */
    private static String replace(String text, List<ScalarNode> nodes, java.util.function.Function<ScalarNode, String> with) {
        StringBuilder out = new StringBuilder(text);
        List<ScalarNode> ordered = new ArrayList<>(nodes);
        ordered.sort(Comparator.comparingInt((ScalarNode n) -> n.getStartMark().getIndex()).reversed());
        for (ScalarNode n : ordered) {
            // SnakeYAML counts code points; the StringBuilder counts chars
            int start = text.offsetByCodePoints(0, n.getStartMark().getIndex());
            int end = text.offsetByCodePoints(0, n.getEndMark().getIndex());
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
