package org.opensbc.core.admin;

import static org.opensbc.core.json.JsonText.quote;

import org.opensbc.core.trunk.Trunk;
import org.opensbc.core.trunk.TrunkDirectory;

/** The admin listing of trunks: where each goes, whether it is up, how many calls it carries. */
public final class TrunksJson {

    private TrunksJson() {
    }

    /** @param registration a trunk's registration state by name (null: it registers nowhere) */
    public static String render(TrunkDirectory trunks, java.util.function.Function<String, String> registration) {
        StringBuilder sb = new StringBuilder("{\"trunks\":[");
        boolean first = true;
        for (Trunk t : trunks.all()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"name\":").append(quote(t.name()))
              .append(",\"host\":").append(quote(t.spec().host()))
              .append(",\"address\":").append(quote(t.address()))
              .append(",\"port\":").append(t.spec().port())
              .append(",\"transport\":").append(quote(t.spec().transport()))
              .append(",\"state\":").append(quote(t.spec().health() == null ? "unchecked" : t.isUp() ? "up" : "down"))
              .append(",\"calls\":").append(t.activeCalls())
              .append(",\"maxCalls\":").append(t.spec().maxCalls())
              .append(",\"digest\":").append(t.spec().digest() != null)
              .append(",\"registration\":").append(quote(registration.apply(t.name())))
              .append('}');
        }
        return sb.append("]}\n").toString();
    }
}
