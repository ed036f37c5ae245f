package org.opensbc.core.b2bua;

import gov.nist.javax.sip.address.AddressImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.Dialog;
import javax.sip.address.Address;
import javax.sip.header.RouteHeader;
import org.opensbc.core.call.StoredLeg;

/** Reads a leg's JAIN-SIP dialog into the plain record a BYE can be rebuilt from after a restart. */
final class StoredLegs {

    private StoredLegs() {
    }

    /**
     * @throws IllegalStateException the leg has no established dialog yet (no remote tag or target)
     */
    static StoredLeg of(CallLeg leg) {
        Dialog dialog = leg.dialog();
        if (dialog == null || dialog.getRemoteTag() == null || dialog.getLocalTag() == null
                || dialog.getRemoteTarget() == null) {
            throw new IllegalStateException("call " + leg.call.id + ": the " + leg.role.name().toLowerCase(
                    java.util.Locale.ROOT) + " leg has no established dialog");
        }
        return new StoredLeg(dialog.getCallId().getCallId(), dialog.getLocalTag(), dialog.getRemoteTag(),
                nameAddr(dialog.getLocalParty()), nameAddr(dialog.getRemoteParty()),
                dialog.getRemoteTarget().getURI().toString(), routes(dialog), Math.max(0, dialog.getLocalSeqNumber()) + 1,
                leg.hop().key());
    }

    /**
     * The party in angle brackets (RFC 3261 20.10): in the bare addr-spec form a URI parameter
     * would read as a header parameter once the From or To is parsed again. No tag: the dialog
     * keeps tags apart from addresses.
     */
    private static String nameAddr(Address party) {
        AddressImpl copy = (AddressImpl) party.clone();
        copy.setAddressType(AddressImpl.NAME_ADDR);
        return copy.encode();
    }

    private static List<String> routes(Dialog dialog) {
        List<String> routes = new ArrayList<>(2);
        for (Iterator<?> it = dialog.getRouteSet(); it.hasNext(); ) {
            routes.add(((RouteHeader) it.next()).getAddress().toString());
        }
        return routes;
    }
}
