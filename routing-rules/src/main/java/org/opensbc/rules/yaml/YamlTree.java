package org.opensbc.rules.yaml;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that knows its line and column and reports mistakes to an {@link Errors} instead
 * of throwing, so one pass over a file finds every mistake in it. Accessors return empty (or the
 * default) after reporting; the caller goes on with the next key. The one YAML layer of the
 * project: routing.yaml and acl.yaml read through it here, sbc.yaml and users.yaml in sbc-core.
 * A missing entry reports its mistakes at the nearest node that is there (its mapping), so every
 * error names a line and column.
 */
public final class YamlTree {

    private final Node node;
    private final Errors errors;
    /** For messages: "rules[3].match.requestUser". */
    private final String path;
    /** For a mapping's value: its key, where a wrong key is pointed at; else null. */
    private final Node key;
    /** Where mistakes are reported: the node, or for a missing entry the nearest node that is there. */
    private final Node at;

    private YamlTree(Node node, Errors errors, String path) {
        this(node, errors, path, null, node);
    }

    private YamlTree(Node node, Errors errors, String path, Node key, Node at) {
        this.node = node;
        this.errors = errors;
        this.path = path;
        this.key = key;
        this.at = at;
    }

    /** Parses {@code text}; a syntax error is reported and an empty tree returned. */
    public static YamlTree parse(String text, Errors errors) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(64 * 1024 * 1024); // 100,000 rules are about 10 MB
        try (Reader reader = new StringReader(text)) {
            return new YamlTree(new Yaml(options).compose(reader), errors, "");
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            errors.add(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, e.getProblem());
        } catch (YAMLException | java.io.IOException e) {
            errors.add(0, 0, e.getMessage());
        }
        return new YamlTree(null, errors, "");
    }

    /** Reads and parses a file (UTF-8); an unreadable file is reported at line 0 and an empty tree returned. */
    public static YamlTree read(Path file, Errors errors) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), errors);
        } catch (java.io.IOException e) {
            errors.add(0, 0, "cannot read: " + e.getMessage());
            return new YamlTree(null, errors, "");
        }
    }

    /** A node that is not there, reporting nowhere: for code that only looks (masking secrets in a text). */
    public static YamlTree missing() {
        return new YamlTree(null, new Errors(""), "");
    }

    public boolean isMissing() {
        return node == null;
    }

    /** The node's line from 1; 0 for a missing entry. */
    public int line() {
        return node == null ? 0 : lineOf(node);
    }

    /** The node's column from 1; 0 for a missing entry. */
    public int column() {
        return node == null ? 0 : columnOf(node);
    }

    /** Where the node's text starts in the source, in code points (a quoted scalar: at its quote); 0 if missing. */
    public int startIndex() {
        return node == null ? 0 : node.getStartMark().getIndex();
    }

    /** Where the node's text ends in the source, in code points (exclusive); 0 if missing. */
    public int endIndex() {
        return node == null ? 0 : node.getEndMark().getIndex();
    }

    public String path() {
        return path;
    }

    public Errors errors() {
        return errors;
    }

    /** Reports a mistake at this node (a missing one: at its mapping): "path: message". */
    public void error(String message) {
        errors.add(lineOf(at), columnOf(at), (path.isEmpty() ? "" : path + ": ") + message);
    }

    private static int lineOf(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static int columnOf(Node n) {
        return n == null ? 0 : n.getStartMark().getColumn() + 1;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** The entries of a mapping (empty, and reported, when this is something else). */
    public Map<String, YamlTree> entries() {
        Map<String, YamlTree> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof MappingNode mapping)) {
            error("expected a mapping (key: value)");
            return out;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), new YamlTree(tuple.getValueNode(), errors, join(k.getValue()), k, tuple.getValueNode()));
            } else {
                new YamlTree(tuple.getKeyNode(), errors, path).error("keys must be plain names");
            }
        }
        return out;
    }

    /** The entries, after reporting any key outside {@code allowed} (a typo must not be ignored). */
    public Map<String, YamlTree> entries(Set<String> allowed) {
        Map<String, YamlTree> out = entries();
        for (Map.Entry<String, YamlTree> e : out.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                e.getValue().keyError("unknown key (expected one of " + new TreeSet<>(allowed) + ")");
            }
        }
        return out;
    }

    /** Reports a mistake in this entry's key (a typo, a name that is not allowed). */
    public void keyError(String message) {
        Node where = key != null ? key : at;
        errors.add(lineOf(where), columnOf(where), path + ": " + message);
    }

    public YamlTree get(String key) {
        if (node instanceof MappingNode mapping) {
            // a scan, not entries(): a users file calls this 300,000 times at start, and mappings are small
            YamlTree found = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    found = new YamlTree(tuple.getValueNode(), errors, join(key), k, tuple.getValueNode());
                }
            }
            if (found != null) {
                return found; // the last of duplicate keys, as entries() keeps it
            }
        } else if (node != null) {
            entries(); // reports "expected a mapping", as before
        }
        return new YamlTree(null, errors, join(key), null, at);
    }

    /** The items of a list; a single scalar reads as a list of one (so "method: INVITE" works). */
    public List<YamlTree> items() {
        List<YamlTree> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(new YamlTree(seq.getValue().get(i), errors, path + "[" + i + "]"));
            }
        } else if (node instanceof ScalarNode) {
            out.add(this);
        } else {
            error("expected a list or a single value");
        }
        return out;
    }

    /** The scalar's text; empty (and reported) for a mapping or list. */
    public Optional<String> text() {
        if (node instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        if (node != null) {
            error("expected a single value");
        }
        return Optional.empty();
    }

    /** The texts of {@link #items()}. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (YamlTree item : items()) {
            item.text().ifPresent(out::add);
        }
        return out;
    }

    public String text(String defaultValue) {
        return node == null ? defaultValue : text().orElse(defaultValue);
    }

    public int integer(int defaultValue, int min, int max) {
        if (node == null) {
            return defaultValue;
        }
        Optional<String> text = text();
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < min || value > max) {
                error("must be between " + min + " and " + max + ", got " + value);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            error("expected a whole number, got '" + text.get() + "'");
            return defaultValue;
        }
    }

    public boolean bool(boolean defaultValue) {
        if (node == null) {
            return defaultValue;
        }
        String text = text().orElse("").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error("expected true or false, got '" + text + "'");
                yield defaultValue;
            }
        };
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
