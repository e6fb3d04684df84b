package io.orderhook.lifecycle;

import java.util.Optional;
import java.util.Set;

/**
 * What WooCommerce's order statuses mean to the reconciler, and so which of them a shop may
 * choose for orderhook's own settings. Beside the reconciler, which reads them.
 */
public final class OrderStatuses {
    private OrderStatuses() {}

    public static final String PROCESSING = "processing";
    public static final String CANCELLED = "cancelled";
    public static final String ON_HOLD = "on-hold";
    public static final String COMPLETED = "completed";

    /** Statuses with a meaning of their own (waiting, editing, cancelling, refunding): never "capture now". */
    static final Set<String> NOT_CAPTURE = Set.of("pending", ON_HOLD, CANCELLED, "refunded", "failed", "checkout-draft");
    /** orderhook sets the failure status itself; these would act on the reservation at the next save. */
    static final Set<String> NOT_FAILURE = Set.of(CANCELLED, "refunded");

    /** Why {@code status} cannot be a shop's capture status, or empty when it can. */
    public static Optional<String> captureStatusProblem(String status) {
        return NOT_CAPTURE.contains(status)
                ? Optional.of("captureStatus '" + status + "' cannot mean \"capture now\": orderhook gives "
                        + NOT_CAPTURE.stream().sorted().toList() + " their own meaning; use completed or a status of your own"
                        + " (e.g. shipped)")
                : Optional.empty();
    }

    /** Why {@code status} cannot be the failure status next to {@code captureStatus}, or empty when it can. */
    public static Optional<String> failureStatusProblem(String status, String captureStatus) {
        return NOT_FAILURE.contains(status) || status.equals(captureStatus)
                ? Optional.of("failureStatus '" + status + "' would be read back as an order change (cancel, refund "
                        + "or capture) once the shop saves the order again; use on-hold or a status of your own")
                : Optional.empty();
    }
}
