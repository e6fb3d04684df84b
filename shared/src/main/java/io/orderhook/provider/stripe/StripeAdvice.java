package io.orderhook.provider.stripe;

/**
 * What a merchant can do about a Stripe refusal, by Stripe's error code (docs.stripe.com/error-codes)
 * or one of orderhook's own codes for what it refuses before calling Stripe (upper case). Codes with
 * nothing to add answer null, and the note gives orderhook's general advice for the step.
 */
final class StripeAdvice {
    private StripeAdvice() {}

    /** orderhook's own codes: the request was refused before anything was sent to Stripe. */
    static final String ABOVE_AUTHORIZATION = "ABOVE_AUTHORIZATION";
    static final String CURRENCY = "CURRENCY";
    static final String NOTHING_TO_CAPTURE = "NOTHING_TO_CAPTURE";
    static final String NOTHING_TO_REFUND = "NOTHING_TO_REFUND";
    static final String PAYMENT_INTENT_STATUS = "PAYMENT_INTENT_STATUS";
    static final String REFUND_FAILED = "REFUND_FAILED";
    static final String CREDENTIALS = "CREDENTIALS";
    static final String PERMISSION = "PERMISSION";
    static final String ENDPOINT = "ENDPOINT";

    static String forCode(String code) {
        return switch (code == null ? "" : code) {
            case "charge_expired_for_capture" -> "The card authorisation expired before it was captured (Stripe allows"
                    + " 7 days for most cards), so nothing can be captured; ask the customer to pay again.";
            case "amount_too_large" -> "The amount is more than Stripe still holds for this payment; check its captures"
                    + " and refunds in the Stripe Dashboard.";
            case "charge_already_refunded" -> "Stripe reports the payment as refunded in full already; check its refunds"
                    + " in the Stripe Dashboard.";
            case "resource_missing" -> "Stripe does not know this PaymentIntent for this account; check the order's"
                    + " _stripe_intent_id and that the shop's Stripe key belongs to the same Stripe account and mode"
                    + " (test or live).";
            case "card_declined" -> "The card issuer declined raising the authorisation; ask the customer for an"
                    + " additional payment.";
            case "idempotency_error" -> "orderhook sent a request key it had used with other details, and Stripe changed"
                    + " nothing; check the payment in the Stripe Dashboard, then repeat the change.";
            case ABOVE_AUTHORIZATION -> "Stripe can raise a card authorisation only for cards confirmed with incremental"
                    + " authorisation; ask the customer for an additional payment, or lower the order to what was"
                    + " authorised.";
            case CURRENCY -> "The order's currency is not the PaymentIntent's; check the order's _stripe_intent_id.";
            case NOTHING_TO_CAPTURE -> "Nothing is left to capture; cancel the order to release the authorisation.";
            case REFUND_FAILED -> "Stripe could not return the money to the customer's card; refund the customer another"
                    + " way and record it in the Stripe Dashboard.";
            case CREDENTIALS -> "orderhook's Stripe secret key for this shop is wrong, revoked or for another mode; fix"
                    + " it in the shop's settings, then repeat the change.";
            case PERMISSION -> "The shop's Stripe key may not do this: a restricted key needs write access to"
                    + " PaymentIntents and Refunds.";
            case ENDPOINT -> "Check the Stripe API URL in the shop's settings (normally https://api.stripe.com).";
            default -> null;
        };
    }

    /**
     * What to do when a PaymentIntent is not in the status a call needs, by the status it has
     * (a capture or cancel refused with {@code payment_intent_unexpected_state}).
     */
    static String forStatus(String status) {
        return switch (status == null ? "" : status) {
            case "canceled" -> "The authorisation is cancelled or expired in Stripe, so nothing can be captured; ask the"
                    + " customer to pay again.";
            case "succeeded" -> "The payment is captured already in Stripe; refund it in WooCommerce instead of"
                    + " cancelling it.";
            case "requires_payment_method", "requires_confirmation", "requires_action" ->
                    "The customer has not completed the payment in Stripe yet; wait for it, or ask the customer to pay"
                            + " again.";
            case "processing" -> "Stripe is still processing the payment; repeat the change once the Stripe Dashboard"
                    + " shows it as authorised.";
            default -> "Check the payment in the Stripe Dashboard.";
        };
    }
}
