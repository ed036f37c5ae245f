package org.opensbc.core.config;

import java.util.Set;
import org.opensbc.core.config.GatewayConfig.State;
import org.opensbc.rules.yaml.YamlTree;
import org.opensbc.state.StateStores;

/** The {@code state:} section: where registrations, bans, trunk registrations and calls are kept. */
final class StateConfigLoader {

    private StateConfigLoader() {
    }

    static State state(YamlTree state) {
        state.entries(Set.of("store", "nodeId", "nodeAddress", "redis"));
        String store = state.get("store").text("embedded");
        StateStores.Kind kind = StateStores.Kind.EMBEDDED;
        try {
            kind = StateStores.Kind.parse(store);
        } catch (IllegalArgumentException e) {
            state.get("store").error("must be embedded, redis or memory, got '" + store.trim() + "'");
        }
        String nodeId = state.get("nodeId").text("").trim();
        if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            state.get("nodeId").error("letters, digits, '.', '_' and '-' only (at most 64), got '" + nodeId + "'");
        }
        YamlTree redis = state.get("redis");
        redis.entries(Set.of("url", "prefix"));
        String url = redis.get("url").text("redis://127.0.0.1:6379").trim();
        if (!url.matches("(redis|rediss|redis-sentinel|redis-socket)://.+")) {
            redis.get("url").error("must be a redis://, rediss:// or redis-sentinel:// URL, got '" + url + "'");
        }
        String prefix = redis.get("prefix").text("sbc:");
        return new State(kind, nodeId, state.get("nodeAddress").text("").trim(), url, prefix);
    }
}
