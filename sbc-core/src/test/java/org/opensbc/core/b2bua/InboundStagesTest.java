package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensbc.sip.pipeline.Stage;

class InboundStagesTest {

    @ParameterizedTest(name = "{0}, To tag {1}: {2}")
    @CsvSource({
        "REGISTER, false, REGISTRAR", "REGISTER, true, REGISTRAR",
        "INVITE, false, ROUTING", "INVITE, true, DIALOG",
        "OPTIONS, false, ROUTING", "OPTIONS, true, DIALOG",
        "MESSAGE, false, ROUTING", "MESSAGE, true, DIALOG",
        "ACK, false, DIALOG", "CANCEL, false, DIALOG",
        "BYE, false, DIALOG", "BYE, true, DIALOG", "PRACK, false, DIALOG", "REFER, true, DIALOG",
        "SUBSCRIBE, false, ROUTING", "SUBSCRIBE, true, ROUTING",
        "PUBLISH, false, ROUTING", "FOO, true, ROUTING"
    })
    void eachRequestHasOneStage(String method, boolean inDialog, Stage stage) {
        assertEquals(stage, InboundStages.of(method, inDialog));
    }
}
