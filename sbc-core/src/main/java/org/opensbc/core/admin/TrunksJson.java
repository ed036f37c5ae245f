package org.opensbc.core.admin;

import java.util.List;
import java.util.function.Function;
import org.opensbc.core.json.Json;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.core.trunk.TrunkDirectory;

/** The admin listing of trunks: where each goes, whether it is up, how many calls it carries. */
public final class TrunksJson {

    /** The listing as the API shows it (the field order is the wire format). */
    record Listing(List<TrunkView> trunks) {
    }

    /** One trunk: {@code state} up, down or unchecked (no health probe); {@code registration} null if none. */
    record TrunkView(String name, String host, String address, int port, String transport, String state, int calls,
            int maxCalls, boolean digest, String registration) {
    }

    private TrunksJson() {
    }

    /** @param registration a trunk's registration state by name (null: it registers nowhere) */
    public static String render(TrunkDirectory trunks, Function<String, String> registration) {
        return Json.line(new Listing(trunks.all().stream().map(t -> view(t, registration.apply(t.name()))).toList()));
    }

    private static TrunkView view(Trunk t, String registration) {
        String state = t.spec().health() == null ? "unchecked" : t.isUp() ? "up" : "down";
        return new TrunkView(t.name(), t.spec().host(), t.address(), t.spec().port(), t.spec().transport(), state,
                t.activeCalls(), t.spec().maxCalls(), t.spec().digest() != null, registration);
    }
}
