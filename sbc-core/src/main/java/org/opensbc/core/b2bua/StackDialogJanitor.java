package org.opensbc.core.b2bua;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.ObjectInUseException;
import javax.sip.Transaction;
import javax.sip.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the SIP stack's dialogs that no call owns any more. JAIN-SIP keeps a dialog in its
 * table until it sees the dialog end. When an overload sheds the messages that would end it (a
 * BYE or its 200, an ACK), the gateway still ends the call (timers, CDR) but the stack's dialog
 * stays for good, and so does the INVITE transaction of an early one: 205 of each after a minute
 * at 3,000 calls/s (1,166 dialogs in another run), none of them going away.
 * A dialog is deleted when it was already orphaned at the previous sweep (no call leg, or the leg
 * of an ended call), so the stack has had a whole sweep interval, longer than its own 32 s of
 * lingering, to finish it first.
 */
final class StackDialogJanitor {

    private static final Logger LOG = LoggerFactory.getLogger(StackDialogJanitor.class);

    private final Supplier<Collection<Dialog>> dialogs;
    private Set<Dialog> orphansAtLastSweep = Set.of();
    private final AtomicLong deleted = new AtomicLong();

    StackDialogJanitor(Supplier<Collection<Dialog>> dialogs) {
        this.dialogs = dialogs;
    }

    /**
     * One sweep; call it at a fixed interval of a minute or more from one thread. Never throws: an
     * exception would cancel the schedule.
     */
    void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            LOG.warn("SIP stack dialog sweep failed", e);
        }
    }

    private void sweepOnce() {
        Set<Dialog> orphans = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Integer> deletedByState = new TreeMap<>();
        for (Dialog dialog : dialogs.get()) {
            if (!isOrphan(dialog)) {
                continue;
            }
            if (orphansAtLastSweep.contains(dialog)) {
                deletedByState.merge(String.valueOf(dialog.getState()), 1, Integer::sum);
                endInviteTransaction(dialog);
                dialog.delete();
                deleted.incrementAndGet();
            } else {
                orphans.add(dialog);
            }
        }
        orphansAtLastSweep = orphans;
        if (!deletedByState.isEmpty()) {
            LOG.info("deleted SIP stack dialogs that no call owned, by state: {}", deletedByState);
        }
    }

    /**
     * An early dialog's INVITE transaction is still waiting for a final response that was lost
     * (a 487 to our CANCEL, shed): after a provisional response JAIN-SIP's client transaction has
     * no timer of its own, and RFC 3261 9.1 says to give it up 64*T1 after the CANCEL.
     */
    private static void endInviteTransaction(Dialog dialog) {
        // JAIN-SIP's own dialogs refuse the deprecated getFirstTransaction()
        Transaction invite = dialog instanceof gov.nist.javax.sip.stack.SIPDialog nist
                ? nist.getFirstTransactionInt() : dialog.getFirstTransaction();
        if (invite != null && invite.getState() != TransactionState.TERMINATED) {
            try {
                invite.terminate();
            } catch (ObjectInUseException | RuntimeException e) {
                LOG.debug("stack transaction not terminated: {}", e.toString());
            }
        }
    }

    private static boolean isOrphan(Dialog dialog) {
        Object owner = dialog.getApplicationData();
        if (owner == null) {
            return true;
        }
        if (owner instanceof CallLeg leg) {
            synchronized (leg.call) {
                return leg.call.state() == org.opensbc.core.call.CallState.ENDED;
            }
        }
        return false;
    }

    long deleted() {
        return deleted.get();
    }
}
