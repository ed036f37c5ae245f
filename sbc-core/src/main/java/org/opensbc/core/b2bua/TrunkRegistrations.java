package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.RegistrationAction;
import org.opensbc.core.trunk.RegistrationMachine;
import org.opensbc.core.trunk.RegistrationState;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.model.TrunkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP side of the gateway's registrations to providers ({@code digest: { register: true }}):
 * feeds each account's {@link RegistrationMachine} its ticks, answers and timeouts, and performs
 * the actions it returns (REGISTERs sent, log lines, the shutdown wait). Each trunk's state shows
 * in /trunks.
 */
final class TrunkRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);

    private final SipContext sip;
    private final RoutingTable routing;
    private final TrunkAuth auth;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    /** One account's registration. Its fields are guarded by itself; {@code state} is also read without it (/trunks). */
    private final class Registration implements PendingRequest {
        final Trunk trunk;
        final RegistrationMachine machine;
        final String callId = sip.newCallId();
        final String fromTag = sip.newTag();
        volatile RegistrationState state = RegistrationState.INITIAL;
        /** The latest REGISTER sent: a challenge to it is answered by sending it again with credentials. */
        Request sent;
        /** Set while the gateway unregisters at shutdown: counted down by the final answer. */
        CountDownLatch unregistered;

        Registration(Trunk trunk) {
            this.trunk = trunk;
            this.machine = new RegistrationMachine(trunk.spec().digest());
        }

        /**
         * Sends the shutdown un-REGISTER, if registered; holding the monitor.
         *
         * @return counted down by its final answer, or null when none was sent or none is awaited
         */
        CountDownLatch unregister() {
            RegistrationMachine.Step step = machine.shutdown(state);
            if (step.actions().isEmpty()) {
                return null;
            }
            unregistered = new CountDownLatch(1);
            apply(step, null);
            return unregistered;
        }

        @Override
        public synchronized void onResponse(ResponseEvent event) {
            Response r = event.getResponse();
            ContactHeader contact = (ContactHeader) r.getHeader(ContactHeader.NAME);
            ExpiresHeader expires = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
            RegistrationMachine.Answer answer = new RegistrationMachine.Answer(r.getStatusCode(), r.getReasonPhrase(),
                    contact != null ? contact.getExpires() : -1, expires != null ? expires.getExpires() : -1,
                    TrunkAuth.challenge(r), sent == null ? null : sent.getRequestURI().toString());
            apply(machine.answered(state, answer, System.currentTimeMillis()), answer);
        }

        @Override
        public synchronized void onTimeout() {
            apply(machine.timedOut(state, System.currentTimeMillis()), null);
        }

        /** Takes the step's state and performs its actions. {@code answer}: the answer it came from, or null. */
        void apply(RegistrationMachine.Step step, RegistrationMachine.Answer answer) {
            state = step.state();
            for (RegistrationAction action : step.actions()) {
                perform(action, answer);
            }
        }

        private void perform(RegistrationAction action, RegistrationMachine.Answer answer) {
            String name = trunk.name();
            if (action instanceof RegistrationAction.SendRegister send) {
                send(send, answer);
            } else if (action instanceof RegistrationAction.Registered ok) {
                LOG.info("registered to trunk {} for {} s", name, ok.grantedSeconds());
            } else if (action instanceof RegistrationAction.Failed failed) {
                LOG.warn("registration to trunk {} failed: {} {}", name, failed.status(), failed.reason());
            } else if (action instanceof RegistrationAction.NoAnswer) {
                LOG.warn("registration to trunk {}: no answer", name);
            } else if (action instanceof RegistrationAction.Unregistered gone) {
                LOG.info("unregistered from trunk {}: {}", name, gone.status());
                countDown();
            } else if (action instanceof RegistrationAction.UnregisterUnanswered) {
                countDown();
            }
        }

        private void countDown() {
            if (unregistered != null) {
                unregistered.countDown();
            }
        }

        private void send(RegistrationAction.SendRegister send, RegistrationMachine.Answer answer) {
            try {
                Request request = send.credentials() != null ? auth.resend(sent, send.credentials())
                        : register(send.cseq(), send.expiresSeconds());
                sent = request;
                sip.send(request, hop(), this);
            } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                notSent(send, answer, e);
            }
        }

        private void notSent(RegistrationAction.SendRegister send, RegistrationMachine.Answer answer, Exception e) {
            if (send.credentials() != null) {
                LOG.debug("registration to {} not answered: {}", trunk.name(), e.toString());
                apply(machine.answered(state, answer.unanswerable(), System.currentTimeMillis()), null);
            } else if (send.expiresSeconds() == 0) {
                LOG.debug("un-REGISTER to trunk {} not sent: {}", trunk.name(), e.toString());
                unregistered = null; // not waited for
            } else {
                LOG.debug("REGISTER to trunk {} not sent: {}", trunk.name(), e.toString());
                state = machine.notSent(state, String.valueOf(e.getMessage())).state();
            }
        }

        private Request register(long cseq, int expires) throws ParseException, InvalidArgumentException {
            TrunkSpec.Digest account = trunk.spec().digest();
            SipURI registrar = sip.addresses.createSipURI(null, trunk.spec().host());
            registrar.setPort(trunk.spec().port());
            SipURI aor = sip.addresses.createSipURI(account.username(), trunk.spec().host());
            Request r = sip.messages.createRequest(registrar, Request.REGISTER, sip.headers.createCallIdHeader(callId),
                    sip.headers.createCSeqHeader(cseq, Request.REGISTER),
                    sip.headers.createFromHeader(sip.addresses.createAddress(aor), fromTag),
                    sip.headers.createToHeader(sip.addresses.createAddress(aor), null),
                    List.of(sip.via(hop())), sip.headers.createMaxForwardsHeader(70));
            ContactHeader contact = sip.contact(hop());
            ((SipURI) contact.getAddress().getURI()).setUser(account.username());
            r.addHeader(contact);
            r.addHeader(sip.headers.createExpiresHeader(expires));
            return r;
        }

        private NextHop hop() {
            return new NextHop(trunk.transport(), trunk.address(), trunk.spec().port());
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
                reg.apply(reg.machine.tick(reg.state, nowMillis), null);
            }
        }
    }

    /**
     * At shutdown: REGISTER with Expires: 0 to every provider that has us registered, and the
     * answers awaited up to {@code wait}; the refreshes stop (the machine ticks no more once unregistering).
     */
    void unregisterAll(Duration wait) throws InterruptedException {
        List<CountDownLatch> answers = new ArrayList<>();
        for (Registration reg : registrations.values()) {
            synchronized (reg) {
                CountDownLatch answered = reg.unregister();
                if (answered != null) {
                    answers.add(answered);
                }
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (CountDownLatch answer : answers) {
            answer.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** The registration state of a trunk ("registered", "failed 403", ...), or null when it registers nowhere. */
    String state(String trunk) {
        Registration reg = registrations.get(trunk);
        return reg == null ? null : reg.state.label();
    }
}
