package io.orderhook.fraud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What orderhook keeps of an order's fraud screening (its own {@code FRAUD} item): minFraud's
 * answer, or the attempts while minFraud could not answer. Holds no personal data: the score,
 * the IP's risk, reason and warning codes, minFraud's request id.
 *
 * @param status      {@code CLEAR} under the threshold, {@code FRAUD} above it, {@code WAITING} for a retry
 * @param riskScore   minFraud's {@code risk_score} (0.01 to 99), 0 while waiting
 * @param ipRisk      minFraud's {@code ip_address.risk}, 0 when not given
 * @param threshold   the shop's threshold the score was compared with
 * @param reasons     what weighed most, strongest first ("ip_tenure 87.5")
 * @param warnings    minFraud's warning codes with the input they concern ("INPUT_INVALID /billing/country")
 * @param minfraudId  minFraud's id of the request (for reports to MaxMind), or empty
 * @param screenedAt  when minFraud answered, or null while waiting
 * @param attempts    the failed attempts so far
 * @param nextTryAt   when a waiting screening is tried again, or null
 * @param problem     why the last attempt failed, or empty
 */
public record Screening(String shopId, String orderId, Status status, double riskScore, double ipRisk, double threshold,
        List<String> reasons, List<String> warnings, String minfraudId, Instant screenedAt, int attempts,
        Instant nextTryAt, String problem) {

    public enum Status { CLEAR, FRAUD, WAITING }

    /** The waits after each failed attempt (about 17 hours in all); after the last the screening is given up. */
    static final List<Duration> WAITS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofHours(12));

    public Screening {
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        minfraudId = minfraudId == null ? "" : minfraudId;
        problem = problem == null ? "" : problem;
    }

    static Screening scored(String shopId, String orderId, FraudScreener.Scored scored, double threshold, Instant now,
            int attempts) {
        return new Screening(shopId, orderId, scored.riskScore() > threshold ? Status.FRAUD : Status.CLEAR,
                scored.riskScore(), scored.ipRisk(), threshold, scored.reasons(), scored.warnings(), scored.minfraudId(),
                now, attempts, null, "");
    }

    /**
     * A failed attempt after {@code attempts} earlier ones: waiting for the next, or, after the
     * last wait, given up (no next try; the shop's {@code captureUnscreened} decides the capture).
     */
    static Screening waiting(String shopId, String orderId, double threshold, int attempts, Instant now, String problem) {
        Instant next = attempts < WAITS.size() ? now.plus(WAITS.get(attempts)) : null;
        return new Screening(shopId, orderId, Status.WAITING, 0, 0, threshold, List.of(), List.of(), "", null,
                attempts + 1, next, problem);
    }

    public boolean due(Instant now) {
        return status == Status.WAITING && nextTryAt != null && !now.isBefore(nextTryAt);
    }
}
