package org.opensbc.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.auth.MutableClock;
import org.opensbc.core.b2bua.CallSummary;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.registrar.ContactSpec;
import org.opensbc.core.registrar.LocationService;
import org.opensbc.core.registrar.RegisterRequest;
import org.opensbc.core.trunk.TrunkDirectory;
import org.opensbc.rules.model.TrunkSpec;

/** The admin listings byte for byte as the hand-written JSON had them (ITs and operators' scripts match on them). */
class AdminViewsTest {

    @Test
    void callsListTheCountThenEachCall() {
        assertEquals("{\"count\":0,\"calls\":[]}", CallsJson.render(List.of()));
        assertEquals("{\"count\":1,\"calls\":[{\"id\":7,\"state\":\"answered\",\"start\":\"2026-11-21T10:00:00Z\","
                + "\"caller\":\"alice@sbc\",\"callee\":\"bob@sbc\",\"callerCallId\":\"a-1\",\"calleeCallId\":null}]}",
                CallsJson.render(List.of(new CallSummary(7, "answered", Instant.parse("2026-11-21T10:00:00Z"),
                        "alice@sbc", "bob@sbc", "a-1", null))));
    }

    @Test
    void registrationsListEachBindingThenTheCount() {
        MutableClock clock = new MutableClock();
        LocationService location = new LocationService(clock, new GatewayConfig.Registrar(60, 3600, 600, 3));
        assertEquals("{\"bindings\":[],\"count\":0}\n", RegistrationsJson.render(location, clock.millis()));
        location.register(new RegisterRequest("alice@sbc", "c1", 1, false, 300,
                List.of(new ContactSpec("sip:a@192.0.2.1", "<sip:a@192.0.2.1>", -1, null, 0)), null, "udp:1", "rport",
                "z9hG4bK1"));
        assertEquals("{\"bindings\":[{\"aor\":\"alice@sbc\",\"contact\":\"sip:a@192.0.2.1\",\"expires\":300,"
                + "\"instance\":null,\"flow\":\"udp:1\",\"route\":null,\"natted\":true,\"natReason\":\"rport\","
                + "\"node\":\"local\",\"connectionLost\":false}],"
                + "\"count\":1}\n", RegistrationsJson.render(location, clock.millis()));
    }

    @Test
    void trunksListWhereEachGoesAndItsState() throws Exception {
        TrunkDirectory trunks = TrunkDirectory.build(List.of(new TrunkSpec("pbx", "192.0.2.5", 5060, "udp", false,
                List.of(), null, 2, null)), TrunkDirectory.empty(), "routing.yaml", false);
        assertEquals("{\"trunks\":[{\"name\":\"pbx\",\"host\":\"192.0.2.5\",\"address\":\"192.0.2.5\",\"port\":5060,"
                + "\"transport\":\"udp\",\"state\":\"unchecked\",\"calls\":0,\"maxCalls\":2,\"digest\":false,"
                + "\"registration\":null}]}\n", TrunksJson.render(trunks, name -> null));
    }

    @Test
    void errorsAreOneFieldObjects() {
        assertEquals("{\"error\":\"body over 3 bytes\"}\n", AdminHttpServer.Reply.error(413, "body over 3 bytes").body());
        assertEquals("application/json", AdminHttpServer.Reply.error(413, "x").type());
    }
}
