package org.opensbc.core.call;

import java.util.List;

/** The outcome of one event: the call's next state and what the adapter is to do, in order. */
public record Transition(CallSnapshot next, List<CallAction> actions) {

    public Transition {
        actions = List.copyOf(actions);
    }
}
