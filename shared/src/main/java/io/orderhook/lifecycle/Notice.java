package io.orderhook.lifecycle;

/**
 * Something the merchant must be told although no provider call is made (an activated order
 * that was cancelled, a refund before activation). Given once per key.
 *
 * @param key  deterministic; recorded in {@link OrderState#noticesGiven()} once the note is stored
 * @param kind what happened; the words are chosen where notes are written
 * @param refundId the refund concerned, or null
 * @param amount   the amount concerned in minor units, or 0
 */
public record Notice(String key, NoticeKind kind, String refundId, long amount) {

    public enum NoticeKind {
        /** The order was cancelled after its reservation was activated: refund instead. */
        CANCELLED_AFTER_ACTIVATION,
        /** The capture status was set on an order whose reservation is cancelled. */
        CAPTURE_AFTER_CANCELLATION,
        /** A refund was made before the reservation was activated: credited after activation. */
        REFUND_BEFORE_ACTIVATION,
        /** A refund was made on an order whose reservation is cancelled: nothing to credit. */
        REFUND_AFTER_CANCELLATION,
        /** A refund exceeds what is left of the captured total: not sent. */
        REFUND_EXCEEDS_CAPTURED
    }
}
