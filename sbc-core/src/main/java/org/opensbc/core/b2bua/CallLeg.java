package org.opensbc.core.b2bua;

import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.trunk.Trunk;

/**
 * One side of a call: one dialog with one peer. The caller's leg is the dialog the gateway
 * answers as a UAS; each callee leg (one per fork) a dialog it originates as a UAC. Nothing in a
 * leg refers to the other leg's SIP identifiers: that is what keeps the two topologies apart.
 * Mutable fields are guarded by the owning {@link Call}'s monitor.
 */
final class CallLeg {

    enum Role { CALLER, CALLEE }

    final Call call;
    final Role role;
    /** The peer said Supported or Require: 100rel. */
    final boolean peerSupports100rel;
    /** Where requests to this leg's peer go (a callee's may change from TCP back to UDP once). */
    private NextHop hop;
    /** Callee: the UDP hop a large INVITE was moved from (RFC 3261 18.1.1) while TCP is tried; else null. */
    private NextHop udpFallback;
    /** The initial INVITE: as received (caller) or as sent (callee; a copy after a UDP fallback). */
    private Request invite;
    private Dialog dialog;
    /** Caller: the INVITE server transaction until its final response. */
    private ServerTransaction inviteServer;
    /** Callee: the INVITE client transaction. */
    private ClientTransaction inviteClient;
    /** CSeq of an INVITE of ours that got a 2xx whose ACK waits for the peer leg's ACK; -1 when none. */
    private long ackOwedCseq = -1;
    /** A re-INVITE from the peer leg that overtook the peer's ACK, relayed once that ACK is sent; else null. */
    private Runnable afterAck;
    /** Counted out of the registry's live legs. */
    private boolean released;
    /** The last body the gateway sent on this leg (a refresh re-INVITE offers it again), or null. */
    private Message lastBodySent;
    /** The peer's Allow lists UPDATE (session refreshes use it then, else re-INVITE). */
    private boolean peerAllowsUpdate;
    /** Session timer of this leg (RFC 4028); null when the leg runs none. */
    private SessionTimer timer;
    /** Callee: the trunk whose call slot this leg holds until it is released; null for a user. */
    private Trunk trunk;
    /** Callee on a trunk: fires when the trunk has not answered at all in time (failover). */
    private ScheduledFuture<?> responseTimer;
    /** Callee on a trunk with an account: its challenge was answered once (a second one fails the leg). */
    private boolean authAnswered;
    /** The last SDP the peer sent on this leg (what a transfer offers the transfer target on its behalf). */
    private String lastSdpFromPeer;
    /** The dialog went to another call (a transfer): this object is dead, nothing is sent on it from here. */
    private boolean moved;
    /** Callee: the last response to its INVITE, what the actions it causes relay or acknowledge. */
    private Response lastHeard;

    CallLeg(Call call, Role role, NextHop hop, Request invite, boolean peerSupports100rel) {
        this.call = call;
        this.role = role;
        this.hop = hop;
        this.invite = invite;
        this.peerSupports100rel = peerSupports100rel;
    }

    NextHop hop() {
        return hop;
    }

    Request invite() {
        return invite;
    }

    Dialog dialog() {
        return dialog;
    }

    ServerTransaction inviteServer() {
        return inviteServer;
    }

    ClientTransaction inviteClient() {
        return inviteClient;
    }

    Message lastBodySent() {
        return lastBodySent;
    }

    boolean peerAllowsUpdate() {
        return peerAllowsUpdate;
    }

    SessionTimer timer() {
        return timer;
    }

    Trunk trunk() {
        return trunk;
    }

    boolean authAnswered() {
        return authAnswered;
    }

    String lastSdpFromPeer() {
        return lastSdpFromPeer;
    }

    boolean isMoved() {
        return moved;
    }

    /** Caller: the dialog and INVITE server transaction the gateway answers on. */
    void answersOn(Dialog callerDialog, ServerTransaction st) {
        useDialog(callerDialog);
        inviteServer = st;
    }

    /** Caller: its INVITE got its final response; nothing more is sent on that transaction. */
    void finalResponseSent() {
        inviteServer = null;
    }

    /** Callee: the INVITE goes out on {@code ct} to {@code to}. */
    void sendsOn(ClientTransaction ct, NextHop to) {
        inviteClient = ct;
        hop = to;
    }

    /** Callee: the INVITE as it goes next (a copy for a UDP retry, or with a trunk's credentials). */
    void reviseInvite(Request next) {
        invite = next;
    }

    /** Callee: a large INVITE tries TCP first; {@code udp} is where it goes if TCP is refused. */
    void triesTcpInsteadOf(NextHop udp) {
        udpFallback = udp;
    }

    /** Callee: the TCP hop answered; no UDP retry from now on. */
    void tcpWorks() {
        udpFallback = null;
    }

    boolean mayFallBackToUdp() {
        return udpFallback != null;
    }

    /** Callee: the UDP hop to retry on, once (null after). */
    NextHop takeUdpFallback() {
        NextHop udp = udpFallback;
        udpFallback = null;
        return udp;
    }

    /** Callee: the trunk whose call slot this leg holds until it is released (null: a user). */
    void holdsSlotOf(Trunk slot) {
        trunk = slot;
    }

    /** The trunk slot goes with the dialog to another leg (a transfer); this leg holds none after. */
    Trunk handOverSlot() {
        Trunk slot = trunk;
        trunk = null;
        return slot;
    }

    /** Callee on a trunk: until {@code deadline} fires, a first response is awaited. */
    void awaitFirstResponse(ScheduledFuture<?> deadline) {
        responseTimer = deadline;
    }

    /** Callee: something came back, so the response deadline is off. */
    void firstResponseCame() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    void challengeAnswered() {
        authAnswered = true;
    }

    /** This leg's dialog from now on; requests on it find the leg. */
    void useDialog(Dialog next) {
        dialog = next;
        dialog.setApplicationData(this);
    }

    /** The dialog of an INVITE that did not go out (or goes again another way) is of no use. */
    void dropDialog() {
        if (dialog != null) {
            dialog.delete();
            dialog = null;
        }
    }

    void heard(Response response) {
        lastHeard = response;
    }

    Response lastHeard() {
        return lastHeard;
    }

    /** A message the gateway sent on this leg; one with a body is what a refresh re-INVITE offers again. */
    void sent(Message message) {
        if (message.getRawContent() != null) {
            lastBodySent = message;
        }
    }

    /** The peer's SDP as it came (before anchoring). */
    void peerSent(String sdp) {
        lastSdpFromPeer = sdp;
    }

    void learnPeerAllowsUpdate(boolean allows) {
        peerAllowsUpdate = allows;
    }

    /** A transfer moves the dialog to a new leg: what this leg learnt about its peer goes along. */
    void inheritPeer(CallLeg from) {
        peerAllowsUpdate = from.peerAllowsUpdate;
        lastBodySent = from.lastBodySent;
        lastSdpFromPeer = from.lastSdpFromPeer;
    }

    /** Our 2xx to the peer's INVITE {@code cseq} waits for the other leg's ACK before ours goes. */
    void owesAckFor(long cseq) {
        ackOwedCseq = cseq;
    }

    boolean owesAck() {
        return ackOwedCseq >= 0;
    }

    /** The owed ACK's CSeq (-1: none); none is owed after. */
    long takeOwedAck() {
        long cseq = ackOwedCseq;
        ackOwedCseq = -1;
        return cseq;
    }

    /** A re-INVITE that overtook the ACK this leg owes; run once that ACK is sent. */
    void afterAck(Runnable relay) {
        afterAck = relay;
    }

    Runnable takeAfterAck() {
        Runnable waiting = afterAck;
        afterAck = null;
        return waiting;
    }

    /** The leg's session timer from now on (replacing none). */
    void runTimer(SessionTimer sessionTimer) {
        timer = sessionTimer;
    }

    void stopTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** True the first time only: the registry counts a leg out once. */
    boolean markReleased() {
        if (released) {
            return false;
        }
        released = true;
        return true;
    }

    /** The dialog went to a leg of another call (a transfer): nothing is sent from this object any more. */
    void movedAway() {
        moved = true;
        stopTimer();
    }

    /**
     * Unhooks an ended leg from its dialog: JAIN-SIP keeps a finished dialog reachable for up to
     * 64*T1 (the BYE's server transaction absorbing retransmissions), and through the leg it
     * would keep the whole call, both dialogs and their messages, as long. Requests that still
     * arrive on the dialog find no leg and get 481.
     */
    void detach() {
        if (dialog != null && !moved) {
            dialog.setApplicationData(null);
        }
        inviteServer = null;
        lastBodySent = null;
    }

    String callId() {
        return ((javax.sip.header.CallIdHeader) invite.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
    }

    boolean isCaller() {
        return role == Role.CALLER;
    }
}
