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
import org.opensbc.core.trunk.RegistrationJournal;
import org.opensbc.core.trunk.RegistrationMachine;
import org.opensbc.core.trunk.RegistrationState;
import org.opensbc.core.trunk.StoredRegistration;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.model.TrunkSpec;
import org.opensbc.state.StateStore;
import org.opensbc.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP side of the gateway's registrations to providers ({@code digest: { register: true }}):
 * feeds each account's {@link RegistrationMachine} its ticks, answers and timeouts, and performs
 * the actions it returns (REGISTERs sent, log lines, the shutdown wait). Each trunk's state shows
 * in /trunks. What stands is kept in the state store, so that a restarted gateway goes on with the
 * registrations of its previous run instead of registering again (until their refresh time).
 */
final class TrunkRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);

    private final SipContext sip;
    private final RoutingTable routing;
    private final TrunkAuth auth;
    private final RegistrationJournal journal;
    /** The previous run's registrations not yet taken up, by trunk name; each is taken once, at its trunk's first tick. */
    private final Map<String, StoredRegistration> leftByLastRun;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    /** One account's registration. Its fields are guarded by itself; {@code state} is also read without it (/trunks). */
    private final class Registration implements PendingRequest {
        final Trunk trunk;
        final RegistrationMachine machine;
        final String callId;
        final String fromTag;
        /** What it registers with (kept in the store beside it); null when its Contact cannot be built. */
        final StoredRegistration.Settings settings;
        volatile RegistrationState state = RegistrationState.INITIAL;
        /** The latest REGISTER sent: a challenge to it is answered by sending it again with credentials. */
        Request sent;
        /** Set while the gateway unregisters at shutdown: counted down by the final answer. */
        CountDownLatch unregistered;

        /** @param callId its dialog identity with {@code fromTag}: new, or the previous run's when restored */
        Registration(Trunk trunk, String callId, String fromTag) {
            this.trunk = trunk;
            this.machine = new RegistrationMachine(trunk.spec().digest());
            this.callId = callId;
            this.fromTag = fromTag;
            this.settings = settings();
        }

        private StoredRegistration.Settings settings() {
            try {
                return StoredRegistration.Settings.of(trunk.spec(), contact().getAddress().getURI().toString());
            } catch (ParseException | RuntimeException e) {
                LOG.debug("trunk {}: registration not kept across restarts, no Contact: {}", trunk.name(), e.toString());
                return null;
            }
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

        /**
         * Takes the step's state, records it in the store (before a REGISTER goes: the CSeq it
         * uses is kept first), and performs its actions. {@code answer}: the answer it came from, or null.
         */
        void apply(RegistrationMachine.Step step, RegistrationMachine.Answer answer) {
            state = step.state();
            if (settings != null) {
                journal.record(trunk.name(), StoredRegistration.of(state, settings, callId, fromTag));
            }
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
            } else if (action instanceof RegistrationAction.Restored restored) {
                LOG.info("trunk {}: registration restored, refresh in {} s", name, restored.refreshInSeconds());
            } else if (action instanceof RegistrationAction.NotRestored not) {
                LOG.info("trunk {}: stored registration not taken over ({}): registering now", name, not.why());
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
                apply(machine.notSent(state, String.valueOf(e.getMessage())), null);
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
            r.addHeader(contact());
            r.addHeader(sip.headers.createExpiresHeader(expires));
            return r;
        }

        /** The gateway's Contact towards the trunk, with the account's user. */
        private ContactHeader contact() throws ParseException {
            ContactHeader contact = sip.contact(hop());
            ((SipURI) contact.getAddress().getURI()).setUser(trunk.spec().digest().username());
            return contact;
        }

        private NextHop hop() {
            return new NextHop(trunk.transport(), trunk.address(), trunk.spec().port());
        }
    }

    /** Reads back the registrations the previous run kept in {@code store} (blocks: at start). */
    TrunkRegistrations(SipContext sip, RoutingTable routing, StateStore store) {
        this.sip = sip;
        this.routing = routing;
        this.auth = new TrunkAuth(sip);
        this.journal = new RegistrationJournal(store);
        this.leftByLastRun = new ConcurrentHashMap<>(readBack(journal, registering(routing)));
    }

    private static Map<String, StoredRegistration> readBack(RegistrationJournal journal, List<Trunk> registering) {
        try {
            return journal.load(registering.stream().map(Trunk::name).collect(java.util.stream.Collectors.toSet()));
        } catch (StateStoreException e) {
            LOG.warn("trunk registrations of the previous run not read (each trunk registers at once): {}",
                    e.getMessage());
            return Map.of();
        }
    }

    /** The trunks with an account that registers. */
    private static List<Trunk> registering(RoutingTable routing) {
        return routing.current().trunks().all().stream()
                .filter(t -> t.spec().digest() != null && t.spec().digest().register()).toList();
    }

    /** Called once a second: sends the registrations that are due. */
    void tick(long nowMillis) {
        for (Trunk trunk : registering(routing)) {
            Registration reg = registrations.compute(trunk.name(), (name, old) ->
                    old != null && old.trunk.spec().equals(trunk.spec()) ? old : open(trunk, nowMillis));
            synchronized (reg) {
                reg.apply(reg.machine.tick(reg.state, nowMillis), null);
            }
        }
    }

    /**
     * A trunk's registration as it begins in this run: the previous run's taken over when the
     * machine says it still stands, else a new one (new Call-ID) that registers at once.
     */
    private Registration open(Trunk trunk, long nowMillis) {
        Registration fresh = new Registration(trunk, sip.newCallId(), sip.newTag());
        StoredRegistration stored = leftByLastRun.remove(trunk.name());
        if (stored == null || fresh.settings == null) {
            return fresh;
        }
        RegistrationMachine.Step step = fresh.machine.restore(stored, fresh.settings, nowMillis);
        Registration reg = step.state().standing() == RegistrationState.Standing.RESTORED
                ? new Registration(trunk, stored.callId(), stored.fromTag()) : fresh;
        synchronized (reg) {
            reg.apply(step, null);
        }
        return reg;
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
