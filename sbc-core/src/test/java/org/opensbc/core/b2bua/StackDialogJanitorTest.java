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

    /** What a fake answers: {@code self} is the fake, {@code args} the call's arguments. */
    private interface Answers {
        Object answer(Object self, String method, Object[] args);
    }

    /** A fake {@code type} with identity equality; any method {@code answers} does not know throws. */
    private static <T> T fake(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName() + "@" + System.identityHashCode(proxy);
                    default -> answers.answer(proxy, method.getName(), args);
                }));
    }

    private Transaction inviteTransaction(TransactionState state) {
        return fake(Transaction.class, (self, method, args) -> switch (method) {
            case "getState" -> terminated.contains(self) ? TransactionState.TERMINATED : state;
            case "terminate" -> terminated.add((Transaction) self);
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private Dialog dialog(Object owner) {
        return dialog(owner, DialogState.CONFIRMED, inviteTransaction(TransactionState.TERMINATED));
    }

    /** A dialog that answers what the janitor asks and leaves the table on delete. */
    private Dialog dialog(Object owner, DialogState state, Transaction first) {
        Object[] applicationData = {owner};
        Dialog dialog = fake(Dialog.class, (self, method, args) -> switch (method) {
            case "getApplicationData" -> applicationData[0];
            case "setApplicationData" -> applicationData[0] = args[0];
            case "getState" -> state;
            case "getFirstTransaction" -> first;
            case "delete" -> table.remove(self);
            default -> throw new UnsupportedOperationException(method);
        });
        table.add(dialog);
        return dialog;
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
        ended.call.advance(org.opensbc.core.call.CallMachine.apply(ended.call.lifecycle(),
                new org.opensbc.core.call.CallEvent.CallerCancelled()), java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC));
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
