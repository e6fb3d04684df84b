package io.orderhook.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled function of template.yaml (the outbox dispatcher, the scheduler) as a timer in this
 * JVM: the function runs every {@code interval}, and a run that fails is reported and tried again
 * at the next tick, as the schedule would.
 */
final class ScheduleTimer implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final String function;
    private final Runnable run;
    private final Duration interval;

    private ScheduleTimer(String function, Duration interval, Runnable run) {
        this.timer = Executors.newSingleThreadScheduledExecutor(LocalBackend.daemon("orderhook-" + function.replace(' ', '-')));
        this.function = function;
        this.interval = interval;
        this.run = run;
    }

    /** @param interval null: never (a test runs the function itself) */
    static ScheduleTimer start(String function, Duration interval, Runnable run) {
        ScheduleTimer t = new ScheduleTimer(function, interval, run);
        if (interval != null) {
            t.timer.scheduleWithFixedDelay(t::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return t;
    }

    private void tick() {
        try {
            run.run();
        } catch (RuntimeException e) {
            System.err.println("orderhook local: the " + function + " failed, next run in " + interval.toSeconds() + " s: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
