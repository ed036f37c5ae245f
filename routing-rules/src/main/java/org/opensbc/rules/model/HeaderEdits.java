package org.opensbc.rules.model;

import java.util.List;
import java.util.Map;

/**
 * Headers a rule adds to the outgoing request (name -> value, replacing any of that name) and
 * removes from it. The gateway applies them after its own topology hiding: a rule can add a
 * header, never bring back one of the other leg's (Via, Contact, Record-Route are refused).
 */
public record HeaderEdits(Map<String, String> add, List<String> remove) {

    public static final HeaderEdits NONE = new HeaderEdits(Map.of(), List.of());

    public boolean isNone() {
        return add.isEmpty() && remove.isEmpty();
    }
}
