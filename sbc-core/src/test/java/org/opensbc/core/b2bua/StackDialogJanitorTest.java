package org.opensbc.core.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.Transaction;
import javax.sip.TransactionState;
import org.junit.jupiter.api.Test;

class StackDialogJanitorTest {

    /** A stand-in for the stack's table: a dialog leaves it when deleted, as in JAIN-SIP. */
    private final List<Dialog> table = new ArrayList<>();
    private final StackDialogJanitor janitor = new StackDialogJanitor(() -> List.copyOf(table));

    /** INVITE transactions the janitor terminated. */
    private final List<Transaction> terminated = new ArrayList<>();

    private Transaction inviteTransaction(TransactionState state) {
        Transaction[] self = new Transaction[1];
        self[0] = (Transaction) Proxy.newProxyInstance(Transaction.class.getClassLoader(),
                new Class<?>[] {Transaction.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getState" -> terminated.contains(self[0]) ? TransactionState.TERMINATED : state;
                    case "terminate" -> {
                        terminated.add(self[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return self[0];
    }

    private Dialog dialog(Object owner) {
        return dialog(owner, DialogState.CONFIRMED, inviteTransaction(TransactionState.TERMINATED));
    }

    /** A dialog that answers what the janitor asks and leaves the table on delete. */
    private Dialog dialog(Object owner, DialogState state, Transaction first) {
        Object[] applicationData = {owner};
        Dialog[] self = new Dialog[1];
        self[0] = (Dialog) Proxy.newProxyInstance(Dialog.class.getClassLoader(), new Class<?>[] {Dialog.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getApplicationData" -> applicationData[0];
                    case "setApplicationData" -> {
                        applicationData[0] = args[0];
                        yield null;
                    }
                    case "getState" -> state;
                    case "getFirstTransaction" -> first;
                    case "delete" -> {
                        table.remove(self[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "dialog of " + applicationData[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        table.add(self[0]);
        return self[0];
    }

    private static CallLeg legOfNewCall() {
        Call call = new Call(1, Instant.EPOCH, "alice", "bob", "tag",
                c -> new CallLeg(c, CallLeg.Role.CALLER, null, null, false));
        return call.caller;
    }

    @Test
    void anOrphanIsDeletedAtTheSecondSweepThatFindsIt() {
        Dialog orphan = dialog(null);
        janitor.sweep();
        assertTrue(table.contains(orphan), "a first sweep only marks: the stack may still be finishing it");
        janitor.sweep();
        assertFalse(table.contains(orphan));
        assertEquals(1, janitor.deleted());
    }

    @Test
    void aDialogOfALiveCallIsKeptAndOneOfAnEndedCallIsDeleted() {
        CallLeg live = legOfNewCall();
        CallLeg ended = legOfNewCall();
        ended.call.state = Call.State.ENDED;
        Dialog liveDialog = dialog(live);
        Dialog endedDialog = dialog(ended);
        janitor.sweep();
        janitor.sweep();
        janitor.sweep();
        assertTrue(table.contains(liveDialog));
        assertFalse(table.contains(endedDialog));
        assertEquals(1, janitor.deleted());
    }

    @Test
    void aDialogThatFindsAnOwnerBetweenSweepsIsKept() {
        Dialog d = dialog(null); // created by the stack; the call setup attaches its leg a moment later
        janitor.sweep();
        d.setApplicationData(legOfNewCall());
        janitor.sweep();
        janitor.sweep();
        assertTrue(table.contains(d));
        assertEquals(0, janitor.deleted());
    }

    @Test
    void aDialogOrphanedAfterTheLastSweepGetsAWholeIntervalMore() {
        CallLeg leg = legOfNewCall();
        Dialog d = dialog(leg);
        janitor.sweep();
        d.setApplicationData(null); // the call ended: CallEnding detaches the leg
        janitor.sweep();
        assertTrue(table.contains(d), "orphaned for less than one interval");
        janitor.sweep();
        assertFalse(table.contains(d));
    }

    @Test
    void anOrphanEarlyDialogsInviteStillWaitingForItsFinalResponseIsGivenUp() {
        Transaction waiting = inviteTransaction(TransactionState.PROCEEDING);
        Dialog early = dialog(null, DialogState.EARLY, waiting);
        Dialog confirmed = dialog(null);
        janitor.sweep();
        assertTrue(terminated.isEmpty());
        janitor.sweep();
        assertEquals(List.of(waiting), terminated, "only the transaction still waiting is terminated");
        assertFalse(table.contains(early) || table.contains(confirmed));
        assertEquals(2, janitor.deleted());
    }
}
