package org.opensbc.core.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensbc.core.trunk.RegistrationState.Phase;
import org.opensbc.core.trunk.RegistrationState.Standing;
import org.opensbc.rules.model.TrunkSpec;

/** A trunk registration's stored record: its bytes, its settings, and when there is one at all. */
class StoredRegistrationTest {

    private static final StoredRegistration.Settings SETTINGS = new StoredRegistration.Settings(
            "sip:carrier.example:5080;transport=tcp", "acct123", "sip:acct123@198.51.100.7:5060;transport=tcp", 600);
    private static final RegistrationLease LEASE = new RegistrationLease(300, 1_765_000_000_000L);

    @Test
    void roundTrip() throws IOException {
        StoredRegistration stored = new StoredRegistration(SETTINGS, "8f2c41d0a5b3e6f7@gw", "a1b2c3", 4_294_967_296L,
                LEASE);
        byte[] bytes = stored.toBytes();
        assertEquals(stored, StoredRegistration.fromBytes(bytes));
        assertTrue(bytes.length < 200, "compact: " + bytes.length + " bytes");
    }

    @Test
    void anotherFormatOrATruncatedRecordIsRefused() {
        byte[] bytes = new StoredRegistration(SETTINGS, "c", "t", 1, LEASE).toBytes();
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThrows(IOException.class, () -> StoredRegistration.fromBytes(future));
        assertThrows(IOException.class, () -> StoredRegistration.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    }

    @Test
    void settingsOfATrunkNameItsRegistrarAccountAndAskedLifetime() {
        TrunkSpec spec = new TrunkSpec("carrier", "carrier.example", 5080, "tcp", false, List.of(),
                new TrunkSpec.Digest("acct123", "s3cret", "", true, 600), 0, null);
        assertEquals(SETTINGS, StoredRegistration.Settings.of(spec, "sip:acct123@198.51.100.7:5060;transport=tcp"));
    }

    /** Kept: a registration that stands (a refresh in flight too); not: pending, failed, withdrawn or never granted. */
    @Test
    void onlyARegistrationThatStandsIsKept() {
        assertEquals(9, keep(Phase.REGISTERING, Standing.REGISTERED, LEASE).cseq());
        assertEquals(LEASE, keep(Phase.NEW, Standing.RESTORED, LEASE).lease());
        assertNull(keep(Phase.REGISTERING, Standing.PENDING, null));
        assertNull(keep(Phase.REGISTERING, Standing.FAILED, LEASE));
        assertNull(keep(Phase.REGISTERING, Standing.NO_ANSWER, LEASE));
        assertNull(keep(Phase.UNREGISTERING, Standing.REGISTERED, LEASE));
        assertNull(keep(Phase.NEW, Standing.UNREGISTERED, LEASE));
    }

    private static StoredRegistration keep(Phase phase, Standing standing, RegistrationLease lease) {
        return StoredRegistration.of(new RegistrationState(phase, standing, null, 9, 0, lease), SETTINGS, "c", "t");
    }
}
