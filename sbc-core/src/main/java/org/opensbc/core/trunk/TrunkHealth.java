package org.opensbc.core.trunk;

import org.opensbc.rules.model.TrunkSpec;

/**
 * Whether OPTIONS say a trunk is up, with hysteresis: {@code downAfter} missed answers in a row
 * mark it down, {@code upAfter} answers in a row bring it back. An immutable value.
 *
 * @param up     the trunk is up
 * @param streak consecutive probe results against {@code up}
 */
public record TrunkHealth(boolean up, int streak) {

    /** A trunk starts up: calls go to it until probes say otherwise. */
    public static final TrunkHealth UP = new TrunkHealth(true, 0);

    /** The health after one probe was answered ({@code true}) or missed. */
    public TrunkHealth after(boolean answered, TrunkSpec.Health thresholds) {
        if (answered == up) {
            return streak == 0 ? this : new TrunkHealth(up, 0);
        }
        int against = streak + 1;
        if (against >= (up ? thresholds.downAfter() : thresholds.upAfter())) {
            return new TrunkHealth(!up, 0);
        }
        return new TrunkHealth(up, against);
    }
}
