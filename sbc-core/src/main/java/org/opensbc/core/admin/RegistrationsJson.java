package org.opensbc.core.admin;

import java.util.ArrayList;
import java.util.List;
import org.opensbc.core.json.Json;
import org.opensbc.core.registrar.LocationService;

/** The admin listing of current bindings. */
public final class RegistrationsJson {

    /** The listing as the API shows it (the field order is the wire format). */
    record Listing(List<Binding> bindings, int count) {
    }

    /**
     * One binding: {@code expires} in seconds from now, {@code natReason} null when not behind NAT,
     * {@code node} the gateway node that took it, {@code connectionLost} true when its connection
     * died with a restart of that node (unreachable until the client registers again).
     */
    record Binding(String aor, String contact, int expires, String instance, String flow, String route,
            boolean natted, String natReason, String node, boolean connectionLost) {
    }

    private RegistrationsJson() {
    }

    public static String render(LocationService location, long nowMillis) {
        List<Binding> bindings = new ArrayList<>();
        location.forEach((aor, b) -> bindings.add(new Binding(aor, b.contactUri(), b.secondsLeft(nowMillis),
                b.instance(), b.flow(), b.route(), b.natReason() != null, b.natReason(), b.node(), b.connectionLost())));
        return Json.line(new Listing(bindings, location.bindingCount()));
    }
}
