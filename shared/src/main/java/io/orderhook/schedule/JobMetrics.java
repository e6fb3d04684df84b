package io.orderhook.schedule;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * A job's figures as CloudWatch metrics, written as one embedded-metric-format line to the
 * function's log (CloudWatch turns it into metrics; no API call, no extra permission). Namespace
 * {@value #NAMESPACE}, dimension {@code Job}, one metric per count of the report
 * ({@code caught-up}, {@code webhooks-down}, ...): template.yaml's alarms watch them.
 */
public final class JobMetrics {
    public static final String NAMESPACE = "orderhook";
    public static final String DIMENSION = "Job";

    private final Consumer<String> log;

    /** @param log where the line goes: standard output in Lambda, where CloudWatch reads it */
    public JobMetrics(Consumer<String> log) {
        this.log = log;
    }

    public void record(ScheduledJob.Report report, String requestId) {
        MetricsLogger metrics = logger(log);
        try {
            metrics.setNamespace(NAMESPACE);
            metrics.setDimensions(DimensionSet.of(DIMENSION, report.job()));
            for (var count : report.counts().entrySet()) {
                metrics.putMetric(count.getKey(), count.getValue(), Unit.COUNT);
            }
        } catch (InvalidNamespaceException | InvalidDimensionException | InvalidMetricException e) {
            throw new IllegalArgumentException("job " + report.job() + " has a name or count CloudWatch refuses", e);
        }
        if (requestId != null) {
            metrics.putProperty("requestId", requestId);
        }
        metrics.flush();
    }

    /** A metrics logger whose line goes to {@code log}, for figures that are not a job's (a failed credit check). */
    public static MetricsLogger logger(Consumer<String> log) {
        return new MetricsLogger(new LogEnvironment(log));
    }

    /** The library's Lambda environment writes to System.out; this one writes where the job log goes. */
    private record LogEnvironment(Consumer<String> log) implements Environment {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "orderhook";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
            // The function name and version come from the log group; nothing to add.
        }

        @Override
        public ISink getSink() {
            return new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        context.serialize().forEach(log);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("metrics could not be written", e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }
}
