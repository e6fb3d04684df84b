package io.orderhook.lifecycle;

/**
 * One provider operation the reconciler found missing. The key is deterministic: the same
 * snapshot and state always give the same key, so a retried or resumed step is recognised.
 */
public sealed interface Step {

    String key();

    StepKind kind();

    /** Replace the reserved lines with the order's current ones ({@code linesHash}, {@code total} with tax). */
    record Update(String key, String linesHash, long total) implements Step {
        public StepKind kind() { return StepKind.UPDATE; }
    }

    /** Capture the whole reservation. */
    record Activate(String key) implements Step {
        public StepKind kind() { return StepKind.ACTIVATE; }
    }

    /** Release the reservation. */
    record Cancel(String key) implements Step {
        public StepKind kind() { return StepKind.CANCEL; }
    }

    /**
     * Credit one shop refund.
     *
     * @param amount positive minor units with tax
     * @param full   the refund equals what is left of the captured total: a full credit
     */
    record Credit(String key, String refundId, long amount, boolean full) implements Step {
        public StepKind kind() { return StepKind.CREDIT; }
    }

    enum StepKind {
        UPDATE, ACTIVATE, CANCEL, CREDIT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
