package org.opensbc.media.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InboxTest {

    @Test
    void datagramsComeOutInOrderAndABurstBeyondTheBoundIsDropped() throws Exception {
        Inbox<String> inbox = new Inbox<>(2);
        assertTrue(inbox.offer("a"));
        assertTrue(inbox.offer("b"));
        assertFalse(inbox.offer("c"), "full: dropped");
        assertEquals("a", inbox.next(0));
        assertEquals("b", inbox.next(-1));
        assertNull(inbox.next(10), "timeout");
    }

    @Test
    void closingWakesEveryReaderAndRefusesWhatComesAfter() throws Exception {
        Inbox<String> inbox = new Inbox<>(4);
        CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> take(inbox));
        Thread.sleep(100); // let it block in next(); the test holds either way
        assertTrue(inbox.close());
        assertFalse(inbox.close(), "only the first close counts");
        assertInstanceOf(Inbox.ClosedException.class, assertThrows(ExecutionException.class,
                () -> blocked.get(5, TimeUnit.SECONDS)).getCause().getCause());
        assertThrows(Inbox.ClosedException.class, () -> inbox.next(-1), "a later reader learns it too");
        assertFalse(inbox.offer("late"));
        Inbox<String> queued = new Inbox<>(4);
        queued.offer("dropped by the close");
        queued.close();
        assertThrows(Inbox.ClosedException.class, () -> queued.next(0), "what was queued is gone");
        assertTrue(inbox.isClosed());
    }

    private static String take(Inbox<String> inbox) {
        try {
            return inbox.next(-1);
        } catch (Inbox.ClosedException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
