package org.opensbc.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, enforced: a wrong import fails {@code mvn verify}.
 * Maven already stops a module from importing what it does not depend on; these rules cover what
 * a dependency allows but the design does not (ws-transport may use only sip-stack's SPI, and
 * JAIN-SIP types stay in sip-stack and the B2BUA package).
 */
class ModuleBoundariesTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.opensbc");
    }

    /** Throws AssertionError listing every violation. */
    private static void check(ArchRule rule) {
        rule.check(main);
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"org.opensbc.rules", "org.opensbc.sip", "org.opensbc.ws", "org.opensbc.media",
                "org.opensbc.core", "org.opensbc.state"}) {
            org.junit.jupiter.api.Assertions.assertTrue(main.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                    "no classes of " + pkg + " on the test class path: the rules would check nothing");
        }
    }

    @Test
    void routingRulesDependsOnNoOtherModule() {
        check(noClasses().that().resideInAPackage("org.opensbc.rules..").should().dependOnClassesThat()
                .resideInAnyPackage("org.opensbc.sip..", "org.opensbc.ws..", "org.opensbc.media..", "org.opensbc.core..",
                        "javax.sip..", "gov.nist..", "io.netty.."));
    }

    @Test
    void mediaRelayKnowsNothingOfSignalling() {
        check(noClasses().that().resideInAPackage("org.opensbc.media..").should().dependOnClassesThat()
                .resideInAnyPackage("org.opensbc.sip..", "org.opensbc.ws..", "org.opensbc.core..", "org.opensbc.rules..",
                        "javax.sip..", "gov.nist..", "io.netty.handler.codec.http.."));
    }

    /**
     * Inside the media relay, the stages (path, transcode, dtmf), the offer/answer helpers
     * (session, sdp) and the adapters (webrtc, codec) are driven by the relay's facade and never
     * call back into it: a line's path is built once, by MediaPathBuilder, not fetched per packet.
     */
    @Test
    void mediaStagesDoNotReachBackIntoTheRelayFacade() {
        check(noClasses().that().resideInAnyPackage("org.opensbc.media.path..", "org.opensbc.media.session..",
                "org.opensbc.media.transcode..", "org.opensbc.media.dtmf..", "org.opensbc.media.webrtc..",
                "org.opensbc.media.sdp..", "org.opensbc.media.codec..")
                .should().dependOnClassesThat().belongToAnyOf(org.opensbc.media.relay.MediaRelay.class,
                        org.opensbc.media.relay.MediaSession.class));
    }

    /**
     * The gateway drives media through the relay's API (MediaRelay, MediaSession and their value
     * types, plus the SDP and codec helpers), as it would a relay in another process: the path's
     * stages, the offer/answer internals and the WebRTC adapter stay the relay's own.
     */
    @Test
    void theGatewayUsesOnlyTheMediaRelaysApi() {
        check(noClasses().that().resideInAPackage("org.opensbc.core..").should().dependOnClassesThat()
                .resideInAnyPackage("org.opensbc.media.path..", "org.opensbc.media.session..",
                        "org.opensbc.media.transcode..", "org.opensbc.media.dtmf..", "org.opensbc.media.webrtc.."));
    }

    @Test
    void webSocketTransportUsesOnlyTheStackSpi() {
        check(noClasses().that().resideInAPackage("org.opensbc.ws..").should().dependOnClassesThat()
                .resideInAnyPackage("org.opensbc.sip", "org.opensbc.sip.flow..", "org.opensbc.sip.admission..",
                        "org.opensbc.sip.logging..", "org.opensbc.sip.pipeline..", "org.opensbc.core..", "javax.sip..",
                        "gov.nist.."));
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        check(noClasses().that().resideOutsideOfPackage("org.opensbc.core..").should().dependOnClassesThat()
                .resideInAPackage("org.opensbc.core.."));
    }

    @Test
    void jainSipStaysInTheStackAdapterAndTheB2bua() {
        check(noClasses().that().resideOutsideOfPackages("org.opensbc.sip..", "org.opensbc.core.b2bua..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.sip..", "gov.nist.."));
    }

    /** Trunk and registrar logic is pure: the B2BUA adapts JAIN-SIP to it, never the other way round. */
    @Test
    void trunkAndRegistrarLogicKnowsNothingOfTheB2bua() {
        check(noClasses().that().resideInAnyPackage("org.opensbc.core.trunk..", "org.opensbc.core.registrar..")
                .should().dependOnClassesThat().resideInAnyPackage("org.opensbc.core.b2bua..", "javax.sip..",
                        "gov.nist.."));
    }

    /** The call state machine is a pure function of values: no SIP, media, timers, threads or I/O of its own. */
    @Test
    void theCallMachineIsPure() {
        check(noClasses().that().resideInAPackage("org.opensbc.core.call..").should().dependOnClassesThat()
                .resideInAnyPackage("javax.sip..", "gov.nist..", "org.opensbc.media..", "org.opensbc.core.b2bua..",
                        "java.util.concurrent..", "java.net..", "java.nio.channels..", "org.slf4j.."));
    }

    /** The state store knows records, not what they mean: no SIP, no gateway, no media. */
    @Test
    void theStateStoreKnowsNothingOfTheGateway() {
        check(noClasses().that().resideInAPackage("org.opensbc.state..").should().dependOnClassesThat()
                .resideInAnyPackage("org.opensbc.core..", "org.opensbc.sip..", "org.opensbc.media..", "javax.sip..",
                        "gov.nist.."));
    }

    /** Each store's client library stays in that store's package. */
    @Test
    void redisAndSqliteStayInTheirStores() {
        check(noClasses().that().resideOutsideOfPackage("org.opensbc.state.redis..").should().dependOnClassesThat()
                .resideInAPackage("io.lettuce.."));
        check(noClasses().that().resideOutsideOfPackage("org.opensbc.state.sqlite..").should().dependOnClassesThat()
                .resideInAnyPackage("org.sqlite..", "java.sql.."));
    }

    @Test
    void sipStackDoesNotKnowNetty() {
        check(noClasses().that().resideInAPackage("org.opensbc.sip..").should().dependOnClassesThat()
                .resideInAnyPackage("io.netty.."));
    }

    @Test
    void snakeYamlStaysInTheOneYamlLayer() {
        check(noClasses().that().resideOutsideOfPackage("org.opensbc.rules.yaml..").should().dependOnClassesThat()
                .resideInAPackage("org.yaml.snakeyaml..")
                .because("config and rules files read through YamlTree, so every error has file:line:col"));
    }

    @Test
    void jsonIsWrittenByTheOneConfiguredMapper() {
        check(noClasses().that().resideOutsideOfPackage("org.opensbc.core.json..").should().dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..")
                .because("views are records written by core.json.Json (annotations are allowed anywhere)"));
    }

    @Test
    void noConsolePrintsInMainCode() {
        check(noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("main code logs through SLF4J"));
    }
}
