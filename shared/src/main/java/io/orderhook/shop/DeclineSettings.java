package io.orderhook.shop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What orderhook does when the provider declines a step. A soft decline (the card issuer or bank
 * could not answer now) is tried again after each wait of {@link #retryHours} in turn, the order
 * showing {@link #softStatus} meanwhile; a hard decline, or a soft one past the last wait, sets the
 * hard status and is not tried again.
 *
 * @param retryHours          the waits between tries of a soft-declined step, in hours; empty: no retry
 * @param softStatus          the order's status while a retry is due (WooCommerce's {@code failed} by default)
 * @param hardStatus          the order's status after a hard decline, or null for the shop's failure status
 * @param reviewStatus        the status of an order that collected more than it is worth (register
 *                            {@code review} in the shop to keep these apart from other held orders)
 * @param payAnotherWay       after a hard decline of a capture, ask the customer to pay another way
 * @param payAnotherWayStatus the status set with that request: one the shop lets customers pay
 *                            ({@code pending} or {@code failed})
 * @param payAnotherWayNote   the customer note's text; {@code {order}}, {@code {amount}} and
 *                            {@code {payment_url}} are filled in
 */
public record DeclineSettings(List<Integer> retryHours, String softStatus, String hardStatus, String reviewStatus,
        boolean payAnotherWay, String payAnotherWayStatus, String payAnotherWayNote) {

    /** BillPro's schedule: half a day, half a day, then one, two and three days. */
    public static final List<Integer> DEFAULT_RETRY_HOURS = List.of(12, 12, 24, 48, 72);
    public static final String DEFAULT_NOTE = "We could not take the payment of {amount} for order {order}. "
            + "Please pay for your order another way here: {payment_url}";

    public DeclineSettings {
        retryHours = retryHours == null ? DEFAULT_RETRY_HOURS : List.copyOf(retryHours);
    }

    public static DeclineSettings defaults() {
        return new DeclineSettings(DEFAULT_RETRY_HOURS, "failed", null, "on-hold", false, "pending", DEFAULT_NOTE);
    }

    /**
     * The wait before try {@code nextTry} (the first retry is try 2), or null when the schedule is
     * exhausted.
     */
    public Duration waitBefore(int nextTry) {
        int index = nextTry - 2;
        return index >= 0 && index < retryHours.size() ? Duration.ofHours(retryHours.get(index)) : null;
    }

    /** The status after a hard decline: {@link #hardStatus}, else the shop's failure status. */
    public String hardStatusOr(String failureStatus) {
        return hardStatus != null ? hardStatus : failureStatus;
    }

    /** The customer's note with the placeholders filled in. */
    public String customerNote(Map<String, String> values) {
        String text = payAnotherWayNote;
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("{" + v.getKey() + "}", v.getValue() == null ? "" : v.getValue());
        }
        return text;
    }
}
