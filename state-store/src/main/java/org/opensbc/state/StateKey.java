package org.opensbc.state;

import java.util.Objects;

/**
 * Where one record lives: its space, a group within it (an AOR for bindings, "" when the space
 * has none) and its key within the group.
 */
public record StateKey(Space space, String group, String key) {

    public StateKey {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(key, "key");
    }
}
