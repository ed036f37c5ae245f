package org.opensbc.state.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.opensbc.state.Space;

/**
 * Where everything lives in Redis, all under one prefix (default {@code sbc:}): a hash per AOR for
 * bindings ({@code b:<aor>}), one key per record of the other spaces ({@code <space>:<group>:<key>}),
 * node heartbeats ({@code node:<id>}), counters ({@code count:<name>}), secrets and the change channel.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    byte[] bindings(String aor) {
        return bytes(prefix + "b:" + aor);
    }

    /** The AOR of a binding hash's key (the prefix and "b:" taken off). */
    String aorOf(byte[] bindingsKey) {
        int head = bytes(prefix + "b:").length;
        return new String(Arrays.copyOfRange(bindingsKey, head, bindingsKey.length), StandardCharsets.UTF_8);
    }

    byte[] record(Space space, String group, String key) {
        return bytes(prefix + spaceName(space) + ":" + group + ":" + key);
    }

    byte[] node(String nodeId) {
        return bytes(prefix + "node:" + nodeId);
    }

    byte[] counter(String name) {
        return bytes(prefix + "count:" + name);
    }

    byte[] secret(String name) {
        return bytes(prefix + "secret:" + name);
    }

    byte[] changes() {
        return bytes(prefix + "changes");
    }

    /** A SCAN pattern matching every key of a space. */
    byte[] pattern(Space space) {
        return bytes(glob(prefix) + spaceName(space) + ":*");
    }

    byte[] nodePattern() {
        return bytes(glob(prefix) + "node:*");
    }

    private static String spaceName(Space space) {
        return switch (space) {
            case BINDING -> "b";
            case BAN -> "ban";
            case TRUNK_REGISTRATION -> "trunk";
            case CALL -> "call";
        };
    }

    /** Escapes what SCAN's MATCH would read as a wildcard. */
    private static String glob(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
