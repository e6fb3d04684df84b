package io.orderhook.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.orderhook.scheduler.SchedulerHandler;

/** The scheduler function's schedule of template.yaml, as a timer in this JVM. */
final class SchedulerTimer implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            LocalBackend.daemon("orderhook-scheduler"));
    private final SchedulerHandler scheduler;
    private final Duration interval;

    private SchedulerTimer(SchedulerHandler scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /** @param interval null: never (a test runs the jobs itself) */
    static SchedulerTimer start(SchedulerHandler scheduler, Duration interval) {
        SchedulerTimer t = new SchedulerTimer(scheduler, interval);
        if (interval != null) {
            t.timer.scheduleWithFixedDelay(t::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return t;
    }

    private void run() {
        try {
            // The handler prints one JSON line per job.
            scheduler.handleRequest(new ScheduledEvent(), null);
        } catch (RuntimeException e) {
            System.err.println("orderhook local: a scheduled job failed, next run in " + interval.toSeconds() + " s: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
