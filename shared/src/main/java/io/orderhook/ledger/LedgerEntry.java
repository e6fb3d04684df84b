package io.orderhook.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an order's payment ledger: a provider operation, what it moved and how it ended.
 * The ledger is kept for as long as the order (no expiry), written in the same transaction as
 * the step it records, and is what every payment status shown anywhere is derived from.
 *
 * @param at        when orderhook learnt the result
 * @param operation what was done (or found done) at the provider
 * @param amount    minor units with tax: captured, credited, released, reserved; 0 when the operation moves nothing
 * @param currency  ISO 4217 code of the order
 * @param result    how it ended
 * @param code      the provider's code of a refusal (null otherwise)
 * @param reference the provider's number for what was done (activation, credit invoice), or null
 * @param stepKey   orderhook's idempotency key of the step, or what the entry is about ("first-sight")
 * @param refundId  the shop refund a credit or gateway refund belongs to, or null
 * @param provider  the provider's name ("Billmate")
 * @param detail    the provider's message or status word, for people; never secrets or personal data
 */
public record LedgerEntry(Instant at, Operation operation, long amount, String currency, Result result, String code,
        String reference, String stepKey, String refundId, String provider, String detail) {

    public LedgerEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(result, "result");
    }

    /** What an entry records. */
    public enum Operation {
        /** First sight of a reservation the customer made at checkout. */
        RESERVATION_SEEN,
        /** The reservation's lines and total replaced with the order's. */
        UPDATE,
        /** Captured (Billmate: activated). */
        CAPTURE,
        /** Found captured at the provider without orderhook (at checkout, or in the provider's back office). */
        CAPTURE_SEEN,
        /** The reservation released. */
        CANCEL,
        /** Found released or rejected at the provider without orderhook. */
        CANCEL_SEEN,
        /** Money returned to the customer (Billmate: credited). */
        REFUND,
        /** Found returned at the provider without orderhook. */
        REFUND_SEEN,
        /** A refund the payment gateway paid back itself ("Refund via ..." in WooCommerce). */
        GATEWAY_REFUND,
        /** The authorisation's lifetime extended. */
        EXTEND;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** How an operation ended. */
    public enum Result {
        DONE,
        /** The provider had done it already (the answer to a repeat, or found on reading the payment). */
        ALREADY_DONE,
        REFUSED,
        /** Sent, and no answer came: the provider's view decides later. */
        OUTCOME_UNKNOWN,
        /** An unknown outcome resolved: the provider holds it. */
        APPLIED_AFTER_ALL,
        /** An unknown outcome resolved: the provider does not hold it (it may be sent again). */
        NOT_APPLIED,
        /** An unknown outcome the provider's view cannot decide: never sent again, counted as possibly done. */
        UNDECIDED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The provider holds the operation's result. */
        public boolean moved() {
            return this == DONE || this == ALREADY_DONE || this == APPLIED_AFTER_ALL;
        }
    }

    /** Money this entry captured (0 unless a capture that took effect). */
    public long captured() {
        return (operation == Operation.CAPTURE || operation == Operation.CAPTURE_SEEN) && result.moved() ? amount : 0;
    }

    /** Money this entry returned to the customer (0 unless a refund that took effect). */
    public long refunded() {
        return (operation == Operation.REFUND || operation == Operation.REFUND_SEEN || operation == Operation.GATEWAY_REFUND)
                && result.moved() ? amount : 0;
    }
}
