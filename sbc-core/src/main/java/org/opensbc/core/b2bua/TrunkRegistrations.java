package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.model.TrunkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the gateway to providers that want it ({@code digest: { register: true }}): a
 * REGISTER with the account's credentials (the 401/407 answered once), refreshed at half the
 * granted lifetime, retried every 30 s after a failure. Each trunk's state shows in /trunks.
 */
final class TrunkRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);
    private static final long RETRY_MILLIS = 30_000;

    private final SipContext sip;
    private final RoutingTable routing;
    private final TrunkAuth auth;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    /** One account's registration. Its fields are guarded by itself. */
    private final class Registration implements PendingRequest {
        final Trunk trunk;
        final String callId = sip.newCallId();
        final String fromTag = sip.newTag();
        long cseq;
        long nextAt;
        Request sent;
        boolean challengeAnswered;
        String state = "pending";
        /** Set while the gateway unregisters at shutdown: counted down by the final answer. */
        java.util.concurrent.CountDownLatch unregistered;

        Registration(Trunk trunk) {
            this.trunk = trunk;
        }

        @Override
        public synchronized void onResponse(ResponseEvent event) {
            Response r = event.getResponse();
            int status = r.getStatusCode();
            if (status < 200) {
                return;
            }
            long now = System.currentTimeMillis();
            if ((status == 401 || status == 407) && !challengeAnswered) {
                challengeAnswered = true;
                try {
                    Request again = auth.answer(sent, r, trunk.spec().digest());
                    if (again != null) {
                        cseq++;
                        sent = again;
                        send(again, this);
                        return;
                    }
                } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                    LOG.debug("registration to {} not answered: {}", trunk.name(), e.toString());
                }
            }
            if (unregistered != null) {
                state = status < 300 ? "unregistered" : "unregister failed " + status;
                LOG.info("unregistered from trunk {}: {}", trunk.name(), status);
                unregistered.countDown();
                return;
            }
            if (status >= 200 && status < 300) {
                int granted = granted(r, trunk.spec().digest().expiresSeconds());
                state = "registered";
                nextAt = now + granted * 500L; // refresh at half the lifetime
                LOG.info("registered to trunk {} for {} s", trunk.name(), granted);
            } else {
                state = "failed " + status;
                nextAt = now + RETRY_MILLIS;
                LOG.warn("registration to trunk {} failed: {} {}", trunk.name(), status, r.getReasonPhrase());
            }
        }

        @Override
        public synchronized void onTimeout() {
            if (unregistered != null) {
                unregistered.countDown();
                return;
            }
            state = "no answer";
            nextAt = System.currentTimeMillis() + RETRY_MILLIS;
            LOG.warn("registration to trunk {}: no answer", trunk.name());
        }
    }

    TrunkRegistrations(SipContext sip, RoutingTable routing) {
        this.sip = sip;
        this.routing = routing;
        this.auth = new TrunkAuth(sip);
    }

    /** Called once a second: sends the registrations that are due. */
    void tick(long nowMillis) {
        for (Trunk trunk : routing.current().trunks().all()) {
            TrunkSpec.Digest account = trunk.spec().digest();
            if (account == null || !account.register()) {
                continue;
            }
            Registration reg = registrations.compute(trunk.name(),
                    (name, old) -> old != null && old.trunk.spec().equals(trunk.spec()) ? old : new Registration(trunk));
            synchronized (reg) {
                if (reg.unregistered == null && nowMillis >= reg.nextAt) {
                    reg.nextAt = nowMillis + RETRY_MILLIS; // until an answer says otherwise
                    reg.challengeAnswered = false;
                    reg.cseq++;
                    try {
                        reg.sent = register(reg);
                        send(reg.sent, reg);
                    } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                        reg.state = "not sent: " + e.getMessage();
                        LOG.debug("REGISTER to trunk {} not sent: {}", trunk.name(), e.toString());
                    }
                }
            }
        }
    }

    /**
     * At shutdown: REGISTER with Expires: 0 to every provider that has us registered, and the
     * answers awaited up to {@code wait}; the refreshes stop (the tick skips unregistering ones).
     */
    void unregisterAll(java.time.Duration wait) throws InterruptedException {
        java.util.List<java.util.concurrent.CountDownLatch> answers = new java.util.ArrayList<>();
        for (Registration reg : registrations.values()) {
            synchronized (reg) {
                if (!"registered".equals(reg.state)) {
                    continue;
                }
                reg.unregistered = new java.util.concurrent.CountDownLatch(1);
                reg.challengeAnswered = false;
                reg.cseq++;
                try {
                    reg.sent = register(reg);
                    reg.sent.setHeader(sip.headers.createExpiresHeader(0));
                    send(reg.sent, reg);
                    answers.add(reg.unregistered);
                } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                    LOG.debug("un-REGISTER to trunk {} not sent: {}", reg.trunk.name(), e.toString());
                }
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (java.util.concurrent.CountDownLatch answer : answers) {
            answer.await(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The registration state of a trunk ("registered", "failed 403", ...), or null when it registers nowhere. */
    String state(String trunk) {
        Registration reg = registrations.get(trunk);
        return reg == null ? null : reg.state;
    }

    private Request register(Registration reg) throws ParseException, InvalidArgumentException {
        Trunk trunk = reg.trunk;
        TrunkSpec.Digest account = trunk.spec().digest();
        SipURI registrar = sip.addresses.createSipURI(null, trunk.spec().host());
        registrar.setPort(trunk.spec().port());
        SipURI aor = sip.addresses.createSipURI(account.username(), trunk.spec().host());
        Request r = sip.messages.createRequest(registrar, Request.REGISTER, sip.headers.createCallIdHeader(reg.callId),
                sip.headers.createCSeqHeader(reg.cseq, Request.REGISTER),
                sip.headers.createFromHeader(sip.addresses.createAddress(aor), reg.fromTag),
                sip.headers.createToHeader(sip.addresses.createAddress(aor), null),
                List.of(sip.via(hop(reg))), sip.headers.createMaxForwardsHeader(70));
        ContactHeader contact = sip.contact(hop(reg));
        ((SipURI) contact.getAddress().getURI()).setUser(account.username());
        r.addHeader(contact);
        r.addHeader(sip.headers.createExpiresHeader(account.expiresSeconds()));
        return r;
    }

    private void send(Request request, Registration reg) throws SipException {
        sip.send(request, hop(reg), reg);
    }

    private static NextHop hop(Registration reg) {
        return new NextHop(reg.trunk.transport(), reg.trunk.address(), reg.trunk.spec().port());
    }

    /** The lifetime the registrar granted: our Contact's expires, else Expires, else what we asked. */
    private static int granted(Response ok, int asked) {
        ContactHeader contact = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        if (contact != null && contact.getExpires() > 0) {
            return contact.getExpires();
        }
        ExpiresHeader expires = (ExpiresHeader) ok.getHeader(ExpiresHeader.NAME);
        return expires != null && expires.getExpires() > 0 ? expires.getExpires() : asked;
    }
}
