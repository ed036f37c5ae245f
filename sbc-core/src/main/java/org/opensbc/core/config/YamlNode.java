package org.opensbc.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A read-only view of a YAML node that remembers where it came from, so every error can say
 * "sbc.yaml:12: sip.listen.udp.port: ..." . Unknown keys are errors: a typo must not be ignored.
 */
public final class YamlNode {

    private final Path file;
    private final String path;
    private final Node node;

    private YamlNode(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Parses a file; an empty file reads as an empty mapping. */
    public static YamlNode load(Path file) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = new Yaml(options).compose(reader);
            return new YamlNode(file, "", root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file + ":" + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public ConfigException error(String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        return new ConfigException(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    private Map<String, Node> entries() throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlNode(file, path, tuple.getKeyNode()).error("keys must be plain names");
            }
            out.put(key.getValue(), tuple.getValueNode());
        }
        return out;
    }

    /** Fails on any key outside {@code allowed}. */
    public YamlNode expectKeys(Set<String> allowed) throws ConfigException {
        for (Map.Entry<String, Node> e : entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new YamlNode(file, join(e.getKey()), e.getValue())
                        .error("unknown key (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
        return this;
    }

    public YamlNode child(String key) throws ConfigException {
        Node value = entries().get(key);
        return new YamlNode(file, join(key), value);
    }

    public List<YamlNode> list(String key) throws ConfigException {
        YamlNode child = child(key);
        if (child.node == null) {
            return List.of();
        }
        if (!(child.node instanceof SequenceNode seq)) {
            throw child.error("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlNode(file, child.path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    public String string(String key, String defaultValue) throws ConfigException {
        YamlNode child = child(key);
        if (child.node == null) {
            return defaultValue;
        }
        if (!(child.node instanceof ScalarNode scalar)) {
            throw child.error("expected a single value");
        }
        return scalar.getValue();
    }

    public List<String> strings(String key) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode item : list(key)) {
            if (!(item.node instanceof ScalarNode scalar)) {
                throw item.error("expected a single value");
            }
            out.add(scalar.getValue());
        }
        return out;
    }

    public int integer(String key, int defaultValue, int min, int max) throws ConfigException {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw child(key).error("must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw child(key).error("expected a whole number, got '" + text + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw child(key).error("expected true or false, got '" + text + "'");
        };
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
