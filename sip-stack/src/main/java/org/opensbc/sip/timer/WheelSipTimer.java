package org.opensbc.sip.timer;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import java.util.Properties;

/**
 * JAIN-SIP's transaction and dialog timers on a {@link TimerWheel} (10 ms ticks). Every
 * transaction has timers and most are cancelled; the stack's executor-based timer keeps them all
 * in one locked binary heap, which at a thousand calls a second holds tens of thousands of
 * entries and was a tenth of the gateway's CPU. SIP timers start at 500 ms (T1), so 10 ms of
 * slack is harmless. Named in the stack's properties, so it needs a public no-argument constructor.
 */
public final class WheelSipTimer implements SipTimer {

    private TimerWheel wheel;

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        wheel = new TimerWheel("sip-timer", 10, 1024);
    }

    @Override
    public void stop() {
        if (wheel != null) {
            wheel.stop();
        }
    }

    @Override
    public boolean isStarted() {
        return wheel != null && wheel.isRunning();
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        return arm(new Scheduled(task, 0), delay);
    }

    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        return arm(new Scheduled(task, period), delay);
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        if (!(task.getSipTimerTask() instanceof Scheduled scheduled)) {
            return false;
        }
        task.cleanUpBeforeCancel();
        task.setSipTimerTask(null);
        scheduled.cancel();
        return true;
    }

    private boolean arm(Scheduled scheduled, long delay) {
        scheduled.task.setSipTimerTask(scheduled);
        scheduled.arm(delay);
        return true;
    }

    /** One scheduled task; a periodic one re-arms itself after each run until cancelled. */
    private final class Scheduled implements Runnable {
        private final SIPStackTimerTask task;
        private final long period;
        private volatile TimerWheel.Entry entry;
        private volatile boolean cancelled;

        Scheduled(SIPStackTimerTask task, long period) {
            this.task = task;
            this.period = period;
        }

        void arm(long delay) {
            entry = wheel.schedule(this, delay);
        }

        void cancel() {
            cancelled = true;
            TimerWheel.Entry current = entry;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            task.runTask();
            if (period > 0 && !cancelled && wheel.isRunning()) {
                arm(period);
            }
        }
    }
}
