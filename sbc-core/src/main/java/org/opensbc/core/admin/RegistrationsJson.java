package org.opensbc.core.admin;

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
              .append(",\"natted\":").append(b.natted())
              .append('}');
        });
        return sb.append("],\"count\":").append(location.bindingCount()).append("}\n").toString();
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
