package org.opensbc.core.b2bua;

import org.opensbc.core.call.FailureMapping;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.media.relay.MediaException;
import org.opensbc.media.relay.MediaSession;
import org.opensbc.media.relay.Side;
import org.opensbc.media.sdp.SdpException;
import org.opensbc.core.call.HangUpReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of a transfer the gateway carries out: the target answered with an SDP offer
 * (RFC 3725 flow III), so the transferee is re-INVITEd with that offer anchored on the call's own
 * media session, where the target takes the transferor's place (the transferee keeps its ports,
 * its ICE and DTLS); the transferee's answer goes to the target in its ACK. The transferee's and
 * the target's dialogs then make a new call, the transferor hears "200 OK" in its NOTIFY and its
 * leg is ended shortly after if it does not hang up itself. Caller holds the call's monitor.
 */
final class TransferJoin {

    private static final Logger LOG = LoggerFactory.getLogger(TransferJoin.class);
    /** A transferor that does not hang up after the final NOTIFY is hung up (RFC 5589 expects it to). */
    private static final long TRANSFEROR_GRACE_MILLIS = 3_000;

    private final SipContext sip;
    private final CallRegistry calls;
    private final CallEnding ending;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final CallJournal journal;

    TransferJoin(SipContext sip, CallRegistry calls, CallEnding ending, ScheduledExecutorService scheduler, Clock clock,
            CallJournal journal) {
        this.journal = journal;
        this.sip = sip;
        this.calls = calls;
        this.ending = ending;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The target answered: re-INVITE the transferee with its offer. */
    void start(Call call, CallLeg transferor, CallLeg transferee, TransferTarget target, TransferNotifier notifier) {
        byte[] offer = target.ok().getRawContent();
        if (offer == null || offer.length == 0) {
            abandonTarget(target, null);
            fail(call, notifier, Response.NOT_ACCEPTABLE_HERE, "the transfer target sent no SDP offer");
            return;
        }
        String text = new String(offer, StandardCharsets.UTF_8);
        MediaSession media = call.media();
        try {
            String towardsTransferee = text;
            if (media != null) {
                media.replacePeer(transferor.isCaller() ? Side.CALLER : Side.CALLEE);
                Side targetSide = transferor.isCaller() ? Side.CALLER : Side.CALLEE;
                towardsTransferee = media.offer(targetSide, text, media.profile(targetSide.other()));
            }
            Request reinvite = transferee.dialog().createRequest(Request.INVITE);
            reinvite.setHeader(sip.contact(transferee.hop()));
            Capabilities.addAllow(reinvite, sip.headers);
            ContentTypeHeader sdp = sip.headers.createContentTypeHeader("application", "sdp");
            reinvite.setContent(towardsTransferee, sdp);
            transferee.sent(reinvite);
            sip.sendInDialog(transferee.dialog(), reinvite, transferee.hop(),
                    new TransfereeAnswer(call, transferor, transferee, target, notifier));
        } catch (SdpException | MediaException | ParseException | SipException | RuntimeException e) {
            LOG.info("call {}: transfer failed joining the target: {}", call.id, e.toString());
            abandonTarget(target, null);
            ending.hangUp(call, HangUpReason.TRANSFER_FAILED); // the transferor's side may be gone from the media already
            notifier.progress(Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
        }
    }

    /** The transferee's answer to the re-INVITE with the target's offer. */
    private final class TransfereeAnswer implements PendingRequest {
        private final Call call;
        private final CallLeg transferor;
        private final CallLeg transferee;
        private final TransferTarget target;
        private final TransferNotifier notifier;

        TransfereeAnswer(Call call, CallLeg transferor, CallLeg transferee, TransferTarget target,
                TransferNotifier notifier) {
            this.call = call;
            this.transferor = transferor;
            this.transferee = transferee;
            this.target = target;
            this.notifier = notifier;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response answer = event.getResponse();
            int status = answer.getStatusCode();
            if (status < 200) {
                return;
            }
            synchronized (call) {
                if (status >= 300) {
                    LOG.info("call {}: the transferee refused the transfer's re-INVITE: {}", call.id, status);
                    abandonTarget(target, null);
                    ending.hangUp(call, HangUpReason.TRANSFER_FAILED);
                    notifier.progress(FailureMapping.towardsCaller(status), "Transfer Failed");
                    return;
                }
                try {
                    sip.sendAck(transferee, ((CSeqHeader) answer.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
                    byte[] body = answer.getRawContent();
                    String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
                    transferee.peerSent(text);
                    String towardsTarget = text;
                    if (call.media() != null && text != null) {
                        towardsTarget = call.media().answer(transferee.isCaller() ? Side.CALLER : Side.CALLEE, text);
                    }
                    ackTarget(target, towardsTarget);
                    Call joined = join(call, transferor, transferee, target);
                    LOG.info("call {}: transferred; call {} joins {} and {}", call.id, joined.id,
                            joined.callerIdentity, joined.calleeIdentity);
                    notifier.progress(Response.OK, "OK");
                    scheduler.schedule(() -> hangUpTransferor(call), TRANSFEROR_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (SdpException | MediaException | ParseException | SipException | InvalidArgumentException
                        | RuntimeException e) {
                    LOG.info("call {}: transfer failed after the transferee answered: {}", call.id, e.toString());
                    abandonTarget(target, null);
                    ending.hangUp(call, HangUpReason.TRANSFER_FAILED);
                    notifier.progress(Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
                }
            }
        }

        @Override
        public void onTimeout() {
            synchronized (call) {
                abandonTarget(target, null);
                ending.hangUp(call, HangUpReason.TRANSFER_FAILED);
                notifier.progress(Response.REQUEST_TIMEOUT, "Request Timeout");
            }
        }
    }

    private void ackTarget(TransferTarget target, String body) throws SipException, InvalidArgumentException,
            ParseException {
        long cseq = ((CSeqHeader) target.ok().getHeader(CSeqHeader.NAME)).getSeqNumber();
        Request ack = target.dialog().createAck(cseq);
        if (body != null) {
            ack.setContent(body, sip.headers.createContentTypeHeader("application", "sdp"));
        }
        target.hop().applyTo(ack);
        target.dialog().sendAck(ack);
    }

    /**
     * The transferee's dialog and the target's become a new call (the roles follow the media
     * sides: the target takes the transferor's); the old call keeps the transferor only.
     */
    private Call join(Call old, CallLeg transferor, CallLeg transferee, TransferTarget target) {
        boolean transfereeCalls = transferee.isCaller();
        String transfereeIdentity = transfereeCalls ? old.callerIdentity : old.calleeIdentity;
        CallLeg[] legs = new CallLeg[2];
        // the CDR says who called whom (the transferee the target), whichever leg holds which role
        Call joined = new Call(calls.nextId(), clock.instant(), transfereeIdentity, target.identity(), sip.newTag(), c -> {
                    legs[0] = transfereeCalls ? moved(transferee, c) : targetLeg(target, c, CallLeg.Role.CALLER);
                    return legs[0];
                });
        legs[1] = transfereeCalls ? targetLeg(target, joined, CallLeg.Role.CALLEE) : moved(transferee, joined);
        joined.joinedWith(legs[1]);
        joined.takeMediaFrom(old);
        transferee.movedAway();
        calls.legReleased(transferee);
        if (target.existing() != null) {
            target.existing().movedAway();
            calls.legReleased(target.existing());
        }
        calls.addJoined(joined);
        journal.answered(joined); // the old calls' records go as they end
        CallLeg targetLeg = transfereeCalls ? joined.callee() : joined.caller;
        calls.ownCallId(targetLeg);
        if (target.existing() != null) {
            // RFC 3891: the dialog the target had with the transferor is replaced: it ends
            Call other = target.existing().call;
            ending.hangUp(other, HangUpReason.TRANSFERRED);
        }
        return joined;
    }

    /** The transferee's dialog, now a leg of {@code joined}. */
    private static CallLeg moved(CallLeg from, Call joined) {
        CallLeg leg = new CallLeg(joined, from.role, from.hop(), from.invite(), from.peerSupports100rel);
        leg.useDialog(from.dialog());
        leg.inheritPeer(from);
        leg.holdsSlotOf(from.handOverSlot()); // its call slot goes with it
        return leg;
    }

    private static CallLeg targetLeg(TransferTarget target, Call joined, CallLeg.Role role) {
        CallLeg existing = target.existing();
        CallLeg leg = new CallLeg(joined, role, target.hop(), target.invite(),
                existing != null && existing.peerSupports100rel);
        leg.useDialog(target.dialog());
        if (existing != null) {
            leg.learnPeerAllowsUpdate(existing.peerAllowsUpdate());
            leg.holdsSlotOf(existing.handOverSlot());
        } else if (target.target() != null) {
            leg.holdsSlotOf(target.target().trunk());
            leg.learnPeerAllowsUpdate(Capabilities.allows(target.ok(), Request.UPDATE));
        }
        return leg;
    }

    /** A transferor still on the line after its transfer succeeded is hung up (its leg only). */
    private void hangUpTransferor(Call call) {
        ending.hangUp(call, HangUpReason.TRANSFERRED);
    }

    /** The target answered but will not be joined: ACK its 2xx and end its new dialog (blind only). */
    void abandonTarget(TransferTarget target, String body) {
        if (target.existing() != null) {
            return; // attended: the target keeps its call with the transferor
        }
        try {
            ackTarget(target, body);
            Request bye = target.dialog().createRequest(Request.BYE);
            sip.sendInDialog(target.dialog(), bye, target.hop(), null);
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.debug("transfer target not released: {}", e.toString());
        }
        if (target.target() != null) {
            target.target().releaseTrunk();
        }
    }

    private static void fail(Call call, TransferNotifier notifier, int status, String why) {
        LOG.info("call {}: transfer failed: {}", call.id, why);
        notifier.progress(status, "Not Acceptable Here");
    }
}
