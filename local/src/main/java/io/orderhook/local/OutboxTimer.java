package io.orderhook.local;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.orderhook.json.Json;
import io.orderhook.outbox.OutboxDispatcherHandler;

/** The outbox dispatcher's schedule of template.yaml, as a timer in this JVM. */
final class OutboxTimer implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            LocalBackend.daemon("orderhook-outbox"));
    private final OutboxDispatcherHandler outbox;
    private final Duration interval;

    private OutboxTimer(OutboxDispatcherHandler outbox, Duration interval) {
        this.outbox = outbox;
        this.interval = interval;
    }

    /** @param interval null: never (a test runs the dispatcher itself) */
    static OutboxTimer start(OutboxDispatcherHandler outbox, Duration interval) {
        OutboxTimer t = new OutboxTimer(outbox, interval);
        if (interval != null) {
            t.timer.scheduleWithFixedDelay(t::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return t;
    }

    private void run() {
        try {
            Map<String, Integer> summary = outbox.handleRequest(new ScheduledEvent(), null);
            if (summary.values().stream().anyMatch(n -> n > 0)) {
                System.out.println(Json.write(Map.of("event", "outbox", "summary", summary)));
            }
        } catch (RuntimeException e) {
            System.err.println("orderhook local: the outbox dispatcher failed, next run in " + interval.toSeconds()
                    + " s: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
