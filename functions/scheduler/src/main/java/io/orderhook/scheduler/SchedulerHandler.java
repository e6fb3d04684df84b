package io.orderhook.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.orderhook.schedule.JobRunner;
import io.orderhook.wiring.Wiring;

/**
 * Every few minutes: runs each job of {@link Wiring#scheduledJobs()} once (the sweep first). A job
 * that threw makes the invocation fail after the others ran, so the function's Errors alarm sees it.
 */
public final class SchedulerHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final JobRunner jobs;

    public SchedulerHandler() {
        this(Wiring.fromEnvironment());
    }

    public SchedulerHandler(Wiring wiring) {
        this(new JobRunner(wiring.scheduledJobs(), wiring.clock(), System.out::println));
    }

    SchedulerHandler(JobRunner jobs) {
        this.jobs = jobs;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        JobRunner.Run run = jobs.runAll(context == null ? null : context.getAwsRequestId());
        if (!run.failed().isEmpty()) {
            throw new IllegalStateException(String.join("; ", run.failed()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        run.reports().forEach(r -> summary.put(r.job(), r.counts()));
        return summary;
    }
}
