package io.orderhook.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.orderhook.json.Json;
import io.orderhook.store.LogRedaction;

/**
 * Runs every scheduled job once, in order, the same way in the scheduler function and in local
 * mode's timer: one JSON line per job with its figures and problems. A job that throws (DynamoDB
 * unreachable: a bug otherwise, since jobs report their troubles) does not keep the others from
 * running; the run then counts as failed, so the function's error metric sees it. Each report's
 * counts also become CloudWatch metrics ({@link JobMetrics}).
 */
public final class JobRunner {
    private final List<ScheduledJob> jobs;
    private final Clock clock;
    private final Consumer<String> log;
    private final JobMetrics metrics;

    public JobRunner(List<ScheduledJob> jobs, Clock clock, Consumer<String> log) {
        this.jobs = List.copyOf(jobs);
        this.clock = clock;
        this.log = log;
        this.metrics = new JobMetrics(log);
    }

    /**
     * What one run of every job did.
     *
     * @param reports one per job that finished
     * @param failed  one sentence per job that threw
     */
    public record Run(List<ScheduledJob.Report> reports, List<String> failed) {
        public Run {
            reports = List.copyOf(reports);
            failed = List.copyOf(failed);
        }
    }

    /** @param requestId the Lambda request id for the log lines, or null */
    public Run runAll(String requestId) {
        List<ScheduledJob.Report> reports = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ScheduledJob job : jobs) {
            Instant now = clock.instant();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "scheduled-job");
            line.put("job", job.name());
            if (requestId != null) {
                line.put("requestId", requestId);
            }
            try {
                ScheduledJob.Report report = job.run(now);
                reports.add(report);
                line.put("outcome", report.problems().isEmpty() ? "ok" : "problems");
                line.put("counts", report.counts());
                line.put("problems", report.problems().stream().map(LogRedaction::redact).toList());
            } catch (RuntimeException e) {
                String reason = job.name() + " failed: " + e.getClass().getSimpleName();
                failed.add(reason);
                line.put("outcome", "failed");
                line.put("detail", LogRedaction.redact(String.valueOf(e.getMessage())));
            }
            log.accept(Json.write(line));
        }
        reports.forEach(report -> metrics.record(report, requestId));
        return new Run(reports, failed);
    }
}
