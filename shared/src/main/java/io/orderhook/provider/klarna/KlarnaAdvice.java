package io.orderhook.provider.klarna;

/**
 * What a merchant can do about a Klarna refusal, by its error code (Klarna's "Error codes and
 * messages for Order Management", and orderhook's own codes for refusals it makes before calling):
 * the words a note adds after Klarna's message. Codes with nothing to add answer null.
 */
final class KlarnaAdvice {
    private KlarnaAdvice() {}

    /** orderhook's own code: Klarna's fraud review of the order has not finished (do not capture while PENDING). */
    static final String FRAUD_PENDING = "FRAUD_PENDING";
    /** orderhook's own code: Klarna's fraud review rejected or stopped the order. */
    static final String FRAUD_REJECTED = "FRAUD_REJECTED";
    /** orderhook's own code: the order's lines cannot be sent as Klarna order lines. */
    static final String ORDER_LINES = "ORDER_LINES";
    /** orderhook's own code: the account's secret is not {@code username:password}. */
    static final String CREDENTIALS_FORMAT = "CREDENTIALS_FORMAT";

    static String forCode(String code) {
        return switch (code == null ? "" : code) {
            case "CAPTURE_NOT_ALLOWED" -> "Klarna captures only an order that is neither cancelled nor expired, and never more"
                    + " than is still authorised; check the order in the Klarna merchant portal, and if the authorisation"
                    + " is gone, ask the customer to pay again.";
            case "CANCEL_NOT_ALLOWED" -> "Klarna cancels only an order with nothing captured; refund the captured amount"
                    + " instead, and release what is left in the Klarna merchant portal.";
            case "REFUND_NOT_ALLOWED" -> "Klarna refunds only captured money, never more than is left of it; check the"
                    + " captures and refunds in the Klarna merchant portal.";
            case "NOT_ALLOWED" -> "Klarna does not allow this in the order's current state (fully captured, cancelled or"
                    + " expired), or did not accept a higher amount: an increase needs a new credit decision that not every"
                    + " payment method allows; ask the customer to pay the difference separately.";
            case "PAYMENT_METHOD_FAILED" -> "Klarna could not charge the customer's payment method; try again later or ask"
                    + " the customer to pay another way.";
            case "NO_SUCH_ORDER", "NOT_FOUND" -> "Klarna does not know this order id; check the order's transaction id and"
                    + " that orderhook's Klarna credentials are for the region and environment (playground or live) the"
                    + " order was placed in.";
            case "NO_SUCH_CAPTURE" -> "Klarna does not know the capture; check the order in the Klarna merchant portal.";
            case "UNAUTHORIZED", "HTTP_401", CREDENTIALS_FORMAT -> "orderhook's Klarna API credentials for this shop were"
                    + " not accepted; they are per region and environment: set the secret to the API username:password"
                    + " and the endpoint to the region (eu, na, oc) in the shop's settings, then repeat the change.";
            case "BAD_VALUE", "UNPROCESSABLE_ENTITY", "REQUEST_TOO_LARGE", ORDER_LINES -> "Check the order's lines and taxes"
                    + " (press \"Recalculate\" in WooCommerce) and save the order again; if it still fails, change the"
                    + " order in the Klarna merchant portal.";
            case FRAUD_PENDING -> "Klarna is still reviewing the order; capture it once Klarna has accepted it (set the"
                    + " order's status again).";
            case FRAUD_REJECTED -> "Klarna's fraud review stopped the order, so nothing can be captured; do not ship it.";
            default -> null;
        };
    }
}
