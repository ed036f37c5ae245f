package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.address.SipURI;
import org.opensbc.core.trunk.Trunk;

/** The INVITE target for a trunk: sip:NUMBER@trunk-host, sent to the address it resolved to. */
final class TrunkTargets {

    private TrunkTargets() {
    }

    static CallTarget of(SipContext sip, Trunk trunk, String user) throws ParseException {
        SipURI uri = sip.addresses.createSipURI(user, trunk.spec().host());
        uri.setPort(trunk.spec().port());
        if (!"UDP".equals(trunk.transport())) {
            uri.setTransportParam(trunk.spec().transport());
        }
        SipURI to = sip.addresses.createSipURI(user, trunk.spec().host());
        return new CallTarget(uri, to, new NextHop(trunk.transport(), trunk.address(), trunk.spec().port()),
                trunk.spec().tcp(), trunk);
    }
}
