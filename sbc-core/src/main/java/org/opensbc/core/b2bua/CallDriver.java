package org.opensbc.core.b2bua;

import java.time.Clock;
import org.opensbc.core.call.CallAction;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.CallMachine;
import org.opensbc.core.call.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a call's lifecycle moves: an event goes through {@link CallMachine}, the call
 * takes the next state, and {@link CallEffects} carries out the actions in order. Run to
 * completion, as gen_statem does: an event an action raises (a fork that could not be sent, an
 * answer that could not be relayed) is applied after the running one's actions are all done.
 * Holds the call's monitor while applying.
 */
final class CallDriver {

    private static final Logger LOG = LoggerFactory.getLogger(CallDriver.class);

    /** Carries out one action of a call (CallEffects; a recorder in tests). Caller holds the call's monitor. */
    @FunctionalInterface
    interface Effects {
        void perform(Call call, CallAction action);
    }

    private final Clock clock;
    /** Set once at start, before any call exists (the effects need the driver too). */
    private volatile Effects effects;

    CallDriver(Clock clock) {
        this.clock = clock;
    }

    void carryOutWith(Effects callEffects) {
        this.effects = callEffects;
    }

    void fire(Call call, CallEvent event) {
        synchronized (call) {
            if (!call.beginApplying(event)) {
                return;
            }
            boolean done = false;
            try {
                for (CallEvent next = event; next != null; next = call.nextQueued()) {
                    apply(call, next);
                }
                done = true;
            } finally {
                if (!done) {
                    while (call.nextQueued() != null) {
                        LOG.debug("{}: event dropped after an action failed", call);
                    }
                }
            }
        }
    }

    private void apply(Call call, CallEvent event) {
        Transition transition = CallMachine.apply(call.lifecycle(), event);
        call.advance(transition, clock);
        if (!transition.actions().isEmpty()) {
            LOG.trace("{}: {} -> {}", call, event, transition.actions());
        }
        for (CallAction action : transition.actions()) {
            effects.perform(call, action);
        }
    }
}
