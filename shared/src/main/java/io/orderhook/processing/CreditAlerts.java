package io.orderhook.processing;

import java.util.List;
import java.util.function.Consumer;

import io.orderhook.credit.CreditDecision;
import io.orderhook.schedule.JobMetrics;
import software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException;
import software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * The merchant's alert for a failed credit check in AWS: one embedded-metric-format line,
 * {@value #METRIC} in namespace {@code orderhook} with dimension {@code Feature = credit}, which
 * template.yaml's {@code CreditChecksFailedAlarm} sends to the alarm topic. Locally the status
 * command and the admin order view show the same failures from the table.
 */
public final class CreditAlerts {
    public static final String METRIC = "credit-checks-failed";
    public static final String DIMENSION = "Feature";

    private final Consumer<String> log;

    /** @param log where the line goes: standard output in Lambda, where CloudWatch reads it */
    public CreditAlerts(Consumer<String> log) {
        this.log = log;
    }

    void failed(String shopId, List<CreditDecision.Reason> reasons) {
        MetricsLogger metrics = JobMetrics.logger(log);
        try {
            metrics.setNamespace(JobMetrics.NAMESPACE);
            metrics.setDimensions(DimensionSet.of(DIMENSION, "credit"));
            metrics.putMetric(METRIC, 1, Unit.COUNT);
        } catch (InvalidNamespaceException | InvalidDimensionException | InvalidMetricException e) {
            throw new IllegalStateException("the credit alert's metric is one CloudWatch refuses", e);
        }
        metrics.putProperty("shop", shopId);
        metrics.putProperty("reasons", reasons.stream().map(CreditDecision.Reason::wireName).toList());
        metrics.flush();
    }
}
