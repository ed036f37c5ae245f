package org.opensbc.core.admin;

import static org.opensbc.core.json.JsonText.quote;

import org.opensbc.core.registrar.LocationService;

/** The admin listing of current bindings as JSON (hand-written: a handful of string fields). */
public final class RegistrationsJson {

    private RegistrationsJson() {
    }

    public static String render(LocationService location, long nowMillis) {
        StringBuilder sb = new StringBuilder("{\"bindings\":[");
        boolean[] first = {true};
        location.forEach((aor, b) -> {
            if (!first[0]) {
                sb.append(',');
            }
            first[0] = false;
            sb.append("{\"aor\":").append(quote(aor))
              .append(",\"contact\":").append(quote(b.contactUri()))
              .append(",\"expires\":").append(b.secondsLeft(nowMillis))
              .append(",\"instance\":").append(quote(b.instance()))
              .append(",\"flow\":").append(quote(b.flow()))
              .append(",\"route\":").append(quote(b.route()))
              .append(",\"natted\":").append(b.natReason() != null)
              .append(",\"natReason\":").append(quote(b.natReason()))
              .append('}');
        });
        return sb.append("],\"count\":").append(location.bindingCount()).append("}\n").toString();
    }
}
