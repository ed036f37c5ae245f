package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a transferor how the transfer it asked for goes (RFC 3515 section 2.4.5): NOTIFYs on its
 * dialog with the target's status line as a message/sipfrag body, the subscription active until
 * the final one. Caller holds the call's monitor.
 */
final class TransferNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(TransferNotifier.class);

    private final SipContext sip;
    private final CallLeg transferor;
    /** The REFER's CSeq: the NOTIFYs' Event id, which JsSIP needs to match them to its REFER. */
    private final long referCseq;
    private int lastStatus;

    TransferNotifier(SipContext sip, CallLeg transferor, long referCseq) {
        this.sip = sip;
        this.transferor = transferor;
        this.referCseq = referCseq;
    }

    /** A provisional or final status of the target; each status is told once. */
    void progress(int status, String reason) {
        if (status == lastStatus || lastStatus >= 200 || transferor.isMoved()) {
            return;
        }
        lastStatus = status;
        boolean last = status >= 200;
        try {
            Request notify = transferor.dialog().createRequest(Request.NOTIFY);
            notify.setHeader(sip.headers.createHeader("Event", "refer;id=" + referCseq));
            notify.setHeader(sip.headers.createHeader("Subscription-State",
                    last ? "terminated;reason=noresource" : "active;expires=60"));
            notify.setHeader(sip.contact(transferor.hop()));
            ContentTypeHeader type = sip.headers.createContentTypeHeader("message", "sipfrag");
            type.setParameter("version", "2.0");
            notify.setContent("SIP/2.0 " + status + " " + reason, type);
            sip.sendInDialog(transferor.dialog(), notify, transferor.hop(), null);
        } catch (ParseException | SipException | RuntimeException e) {
            LOG.debug("call {}: transfer NOTIFY {} not sent: {}", transferor.call.id, status, e.toString());
        }
    }

    boolean finished() {
        return lastStatus >= 200;
    }

    static long cseqOf(Request refer) {
        return ((javax.sip.header.CSeqHeader) refer.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
    }
}
