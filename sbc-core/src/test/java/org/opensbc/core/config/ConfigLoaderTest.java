package org.opensbc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigException loadError(String sbcYaml, String usersYaml) throws Exception {
        Files.writeString(dir.resolve("sbc.yaml"), sbcYaml);
        Files.writeString(dir.resolve("users.yaml"), usersYaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
    }

    @Test
    void errorsNameFileLineAndKey() throws Exception {
        ConfigException e = loadError("sip:\n  udp:\n    port: 99999\n", "users: []\n");
        assertTrue(e.getMessage().matches(".*sbc\\.yaml:3:11: sip\\.udp\\.port: must be between 1 and 65535.*"), e.getMessage());
    }

    @Test
    void unknownKeysAreErrorsNotSilentlyIgnored() throws Exception {
        ConfigException e = loadError("registrar:\n  maxExpire: 10\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:2:3: registrar.maxExpire: unknown key"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorsHaveALine() throws Exception {
        ConfigException e = loadError("sip: [unclosed\n", "users: []\n");
        assertTrue(e.getMessage().matches(".*sbc\\.yaml:\\d+:\\d+: .*"), e.getMessage());
    }

    @Test
    void usersFileIsValidated() throws Exception {
        ConfigException e = loadError("", "users:\n  - username: a\n    password: short\n");
        assertTrue(e.getMessage().contains("users.yaml:3:15: users[0].password: must be at least 8 characters"), e.getMessage());
        e = loadError("", "users:\n  - username: a\n  - username: a\n");
        assertTrue(e.getMessage().contains("duplicate user 'a'"), e.getMessage());
    }

    @Test
    void aNonPkcs8KeyIsNamedWithTheFixCommand() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n");
        ConfigException e = loadError("tls:\n  certificate: cert.pem\n  privateKey: key.pem\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:3:15: tls.privateKey:") && e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    @Test
    void aTlsTrunkIsCheckedWhereItIsWritten() throws Exception {
        ConfigException e = loadError("trunk:\n  enabled: true\n  host: 127.0.0.1\n  transport: tls\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:4:14: trunk.transport: tls needs the gateway's TLS listener"), e.getMessage());
        e = loadError("sip:\n  tls: { enabled: true }\ntrunk:\n  enabled: true\n  host: 127.0.0.1\n  transport: tls\n"
                + "  tls: { caFile: missing.pem }\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:7:18: trunk.tls.caFile: cannot read CA certificates from"), e.getMessage());
        e = loadError("trunk:\n  enabled: true\n  host: 127.0.0.1\n  tls: { caFile: ca.pem }\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:4:18: trunk.tls.caFile: applies to transport: tls only"), e.getMessage());
    }

    @Test
    void metricsAreOpenUnlessTheTokenIsAskedFor() throws Exception {
        Files.writeString(dir.resolve("users.yaml"), "users: []\n");
        Files.writeString(dir.resolve("sbc.yaml"), "");
        assertEquals(false, ConfigLoader.load(dir).admin().metricsToken());
        Files.writeString(dir.resolve("sbc.yaml"), "admin:\n  metricsToken: true\n");
        assertEquals(true, ConfigLoader.load(dir).admin().metricsToken());
    }

    @Test
    void emptyFileMeansDefaults() throws Exception {
        Files.writeString(dir.resolve("sbc.yaml"), "");
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - username: demo\n");
        GatewayConfig c = ConfigLoader.load(dir);
        assertEquals(5060, c.sip().udp().port());
        assertEquals(8443, c.sip().wss().port());
        assertEquals("::", c.sip().udp().address(), "dual-stack (0.0.0.0 where the host has no IPv6)");
        assertEquals("::", c.sip().wss().address());
        assertEquals("::", c.media().address());
        assertEquals("127.0.0.1", c.sip().ws().address(), "plain WebSocket stays on loopback");
        assertEquals(16384, c.sip().maxMessageSize());
        assertEquals(8181, c.admin().port());
        assertTrue(c.users().get(0).needsGeneratedPassword());
        assertTrue(c.media().enabled());
        assertEquals(30000, c.media().firstPort());
        assertEquals("", c.media().advertisedAddress(), "not configured: decided at start (AdvertisedAddresses)");
        assertTrue(c.media().dtmf().infoToRfc4733());
        assertEquals(org.opensbc.media.relay.DtmfDelivery.SIGNALLING, c.media().dtmf().towardsBrowsers());
    }

    @Test
    void mediaSectionErrorsNameTheLine() throws Exception {
        ConfigException odd = loadError("media:\n  firstPort: 30001\n", "users:\n  - username: demo\n");
        assertTrue(odd.getMessage().contains("sbc.yaml:2:14: media.firstPort: must be even"), odd.getMessage());
        ConfigException name = loadError("media:\n  advertisedAddress: sbc.example.com\n", "users:\n  - username: demo\n");
        assertTrue(name.getMessage().contains("sbc.yaml:2:22: media.advertisedAddress: must be an IP address"), name.getMessage());
        ConfigException dtmf = loadError("media:\n  dtmf:\n    towardsBrowsers: inband\n", "users:\n  - username: demo\n");
        assertTrue(dtmf.getMessage().contains("sbc.yaml:3:22: media.dtmf.towardsBrowsers: must be one of info or rfc4733"),
                dtmf.getMessage());
    }

    @Test
    void stateSectionDefaultsToTheEmbeddedStoreAndNamesItsMistakes() throws Exception {
        Files.writeString(dir.resolve("sbc.yaml"), "");
        Files.writeString(dir.resolve("users.yaml"), "users:\n  - username: demo\n");
        GatewayConfig c = ConfigLoader.load(dir);
        assertEquals(org.opensbc.state.StateStores.Kind.EMBEDDED, c.state().kind());
        assertEquals("sbc:", c.state().redisPrefix());
        ConfigException e = loadError("state:\n  store: mongo\n  nodeId: a b\n  redis:\n    url: http://x\n",
                "users:\n  - username: demo\n");
        assertTrue(e.getMessage().contains("sbc.yaml:2:10: state.store: must be embedded, redis or memory, got 'mongo'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sbc.yaml:3:11: state.nodeId:"), e.getMessage());
        assertTrue(e.getMessage().contains("sbc.yaml:5:10: state.redis.url: must be a redis://"), e.getMessage());
    }

    @Test
    void everyMistakeOfBothFilesIsReportedAtOnce() throws Exception {
        ConfigException e = loadError("sip:\n  udp:\n    port: 0\nregistrar:\n  maxExpire: 10\nmedia:\n  firstPort: 30001\n",
                "users:\n  - username: a\n    password: short\n");
        assertEquals(java.util.List.of(
                dir.resolve("sbc.yaml") + ":3:11: sip.udp.port: must be between 1 and 65535, got 0",
                dir.resolve("sbc.yaml") + ":5:3: registrar.maxExpire: unknown key (expected one of [defaultExpires, "
                        + "maxContactsPerUser, maxExpires, minExpires])",
                dir.resolve("sbc.yaml") + ":7:14: media.firstPort: must be even (RTP on even ports, RTCP on the odd one above)",
                dir.resolve("users.yaml") + ":3:15: users[0].password: must be at least 8 characters"),
                e.errors().stream().map(Object::toString).toList());
        assertEquals(String.join("\n", e.errors().stream().map(Object::toString).toList()), e.getMessage());
    }

    @Test
    void aMissingKeyIsReportedWhereItsSectionIs() throws Exception {
        ConfigException e = loadError("calls: {}\ntrunk:\n  enabled: true\n", "users: []\n");
        assertTrue(e.getMessage().contains("sbc.yaml:3:3: trunk.host: an enabled trunk needs a host"), e.getMessage());
    }
}
