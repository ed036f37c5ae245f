package org.opensbc.core.b2bua;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

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
    /** Where requests to this leg's peer go (a callee's may change from TCP back to UDP once). */
    NextHop hop;
    /** Callee: the UDP hop a large INVITE was moved from (RFC 3261 18.1.1) while TCP is tried; else null. */
    NextHop udpFallback;
    /** The initial INVITE: as received (caller) or as sent (callee; a copy after a UDP fallback). */
    Request invite;
    /** The peer said Supported or Require: 100rel. */
    final boolean peerSupports100rel;

    Dialog dialog;
    /** Caller: the INVITE server transaction until its final response. */
    ServerTransaction inviteServer;
    /** Callee: the INVITE client transaction. */
    ClientTransaction inviteClient;
    /** CSeq of an INVITE of ours that got a 2xx whose ACK waits for the peer leg's ACK; -1 when none. */
    long ackOwedCseq = -1;
    /** A re-INVITE from the peer leg that overtook the peer's ACK, relayed once that ACK is sent; else null. */
    Runnable afterAck;
    /** Counted out of the registry's live legs. */
    boolean released;
    /** The last body the gateway sent on this leg (a refresh re-INVITE offers it again), or null. */
    javax.sip.message.Message lastBodySent;
    /** The peer's Allow lists UPDATE (session refreshes use it then, else re-INVITE). */
    boolean peerAllowsUpdate;
    /** Session timer of this leg (RFC 4028); null when the leg runs none. */
    SessionTimer timer;
    /** Callee: the trunk whose call slot this leg holds until it is released; null for a user. */
    org.opensbc.core.trunk.Trunk trunk;
    /** Callee on a trunk: fires when the trunk has not answered at all in time (failover). */
    java.util.concurrent.ScheduledFuture<?> responseTimer;
    /** Callee on a trunk with an account: its challenge was answered once (a second one fails the leg). */
    boolean authAnswered;
    /** The last SDP the peer sent on this leg (what a transfer offers the transfer target on its behalf). */
    String lastSdpFromPeer;
    /** The dialog went to another call (a transfer): this object is dead, nothing is sent on it from here. */
    boolean moved;

    /** Callee: the last response to its INVITE, what the actions it causes relay or acknowledge. */
    private javax.sip.message.Response lastHeard;

    CallLeg(Call call, Role role, NextHop hop, Request invite, boolean peerSupports100rel) {
        this.call = call;
        this.role = role;
        this.hop = hop;
        this.invite = invite;
        this.peerSupports100rel = peerSupports100rel;
    }

    /** Caller: the dialog and INVITE server transaction the gateway answers on. */
    void answersOn(Dialog callerDialog, ServerTransaction st) {
        useDialog(callerDialog);
        inviteServer = st;
    }

    /** Callee: the INVITE goes out on {@code ct} to {@code to}. */
    void sendsOn(ClientTransaction ct, NextHop to) {
        inviteClient = ct;
        hop = to;
    }

    /** Callee: the trunk whose call slot this leg holds until it is released (null: a user). */
    void holdsSlotOf(org.opensbc.core.trunk.Trunk slot) {
        trunk = slot;
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

    void heard(javax.sip.message.Response response) {
        lastHeard = response;
    }

    javax.sip.message.Response lastHeard() {
        return lastHeard;
    }

    String callId() {
        return ((javax.sip.header.CallIdHeader) invite.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
    }

    boolean isCaller() {
        return role == Role.CALLER;
    }
}
