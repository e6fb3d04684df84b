package io.orderhook.lifecycle;

/**
 * Something the merchant must be told although no provider call is made (an activated order
 * that was cancelled, a refund before activation, a capture that cannot be done). Given once
 * per key.
 *
 * @param key               deterministic; recorded in {@link OrderState#noticesGiven()} once the note is stored
 * @param kind              what happened; the words are chosen where notes are written
 * @param refundId          the refund concerned, or null
 * @param amount            the amount concerned in minor units, or 0
 * @param detail            a value the words need (a payment number, a time), or null
 * @param setsFailureStatus the order is set to the shop's failure status with the note, because the
 *                          merchant asked for something (a capture, a cancellation) that was not done
 *                          (for {@link NoticeKind#OVER_COLLECTED}: the review status)
 */
public record Notice(String key, NoticeKind kind, String refundId, long amount, String detail,
        boolean setsFailureStatus) {

    public Notice(String key, NoticeKind kind, String refundId, long amount) {
        this(key, kind, refundId, amount, null, false);
    }

    public enum NoticeKind {
        /** The order was cancelled after its reservation was activated: refund instead. */
        CANCELLED_AFTER_ACTIVATION,
        /** The capture status was set on an order whose reservation is cancelled. */
        CAPTURE_AFTER_CANCELLATION,
        /** A refund was made before the reservation was activated and cannot be taken off it: credited after activation. */
        REFUND_BEFORE_ACTIVATION,
        /** A refund was made on an order whose reservation is cancelled: nothing to credit. */
        REFUND_AFTER_CANCELLATION,
        /** A refund exceeds what is left of the captured total: not sent. */
        REFUND_EXCEEDS_CAPTURED,
        /** A refund may exceed what is left, because an earlier credit's outcome is unknown: not sent. */
        REFUND_MAY_EXCEED_UNDECIDED,
        /**
         * The capture status was set, but the provider holds another total than the order (an
         * update was refused, or automatic update is off): nothing was captured.
         */
        CAPTURE_BLOCKED_TOTAL_DIFFERS,
        /** The capture or cancel status was set on an order of orderhook's payment method without a payment number. */
        MISSING_PAYMENT_NUMBER,
        /** The shop now shows another payment number than the one orderhook manages: kept the first. */
        PAYMENT_NUMBER_CHANGED,
        /** The shop's clock is ahead of orderhook's: the modification time was bounded by the receipt time. */
        CLOCK_AHEAD,
        /** The provider does not know the order's payment number. */
        PAYMENT_NOT_FOUND,
        /** A capture request arrived for a payment that is captured already: answered, nothing captured again. */
        CAPTURE_REQUEST_ALREADY_DONE,
        /**
         * What was captured less what was refunded exceeds what the order is now worth (its total less
         * its refunds): lowered after capture, or captured or refunded outside orderhook. Set to the
         * review status; never refunded automatically. {@code amount} is the refund that settles it,
         * {@code detail} what the order is worth.
         */
        OVER_COLLECTED;

        /** Whether the notice answers a capture (so a capture request on the order is answered with it). */
        public boolean answersACapture() {
            return switch (this) {
                case CAPTURE_AFTER_CANCELLATION, CAPTURE_BLOCKED_TOTAL_DIFFERS, MISSING_PAYMENT_NUMBER,
                        CAPTURE_REQUEST_ALREADY_DONE -> true;
                case CANCELLED_AFTER_ACTIVATION, REFUND_BEFORE_ACTIVATION, REFUND_AFTER_CANCELLATION,
                        REFUND_EXCEEDS_CAPTURED, REFUND_MAY_EXCEED_UNDECIDED, PAYMENT_NUMBER_CHANGED, CLOCK_AHEAD,
                        PAYMENT_NOT_FOUND, OVER_COLLECTED -> false;
            };
        }
    }
}
