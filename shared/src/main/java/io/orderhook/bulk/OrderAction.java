package io.orderhook.bulk;

import java.util.Locale;

/**
 * What a merchant can ask orderhook to do to one order without a webhook, alone (the admin
 * route, {@code orderhook capture}) or in bulk ({@code orderhook bulk}).
 */
public enum OrderAction {
    /** Capture on request: the request meta is set on the order, then the order is reconciled. */
    CAPTURE,
    /** Cancel the order in the shop (its status becomes cancelled), which releases the reservation. */
    CANCEL,
    /** Reconcile the order as the shop has it now, as if its webhook had just arrived (a missed or failed one). */
    RETRY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the three actions */
    public static OrderAction parse(String text) {
        for (OrderAction a : values()) {
            if (a.wireName().equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("the action must be capture, cancel or retry, not '" + text + "'");
    }

    /** What became of an action on one order. */
    public enum Outcome {
        /** Done now. */
        DONE,
        /** Nothing to do: it was done before (never done twice). */
        ALREADY_DONE,
        /** Not done, for a reason the merchant can act on; the detail says which. */
        REFUSED,
        /** Not done this time (the shop or the provider did not answer, a conflict): run it again. */
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Outcome parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Whether a re-run has nothing left to do for the order. */
        public boolean settled() {
            return this == DONE || this == ALREADY_DONE;
        }
    }

    /** One order's outcome, with what happened in the merchant's words. */
    public record Result(String orderId, Outcome outcome, String detail) {}
}
