package io.orderhook.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Work that runs on a timer rather than on a webhook: the scheduler function (and local mode's
 * timer) runs every job of {@link io.orderhook.wiring.Wiring#scheduledJobs()} in turn. A job is
 * bounded per run, never throws for one shop's or one order's trouble (it reports it), and can
 * be run again at any time: what it does is level-triggered, so a second run finds nothing left.
 */
public interface ScheduledJob {

    /** A short name for logs, metrics and the CLI ("sweep", "due-retries", ...). */
    String name();

    /** One bounded run at {@code now}. */
    Report run(Instant now);

    /**
     * What one run did.
     *
     * @param job      the job's {@link #name()}
     * @param counts   figures by name ("orders-found": 3, "shops-failed": 1), for the log line and metrics
     * @param problems one plain sentence per thing an operator should look at; empty when all went well
     */
    record Report(String job, Map<String, Long> counts, List<String> problems) {
        public Report {
            counts = Map.copyOf(counts);
            problems = List.copyOf(problems);
        }
    }
}
