package org.opensbc.core.b2bua;

import javax.sip.Dialog;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The party a transferee is joined to, once it answered with an SDP offer: a new dialog the
 * gateway opened (blind transfer) or one that already existed in another call (attended transfer,
 * RFC 3891 Replaces), whose re-INVITE without SDP was answered.
 *
 * @param dialog   its dialog
 * @param ok       its 2xx, carrying its offer
 * @param hop      where requests to it go
 * @param invite   the INVITE that made the dialog (its Call-ID is the leg's)
 * @param identity user@host, for the CDR
 * @param existing the leg it was in another call (attended), else null
 * @param target   the route target that holds a trunk slot (blind, to a trunk), else null
 */
record TransferTarget(Dialog dialog, Response ok, NextHop hop, Request invite, String identity, CallLeg existing,
        CallTarget target) {
}
