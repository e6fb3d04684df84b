package io.orderhook.provider.billmate;

/**
 * What a merchant can do about a Billmate refusal, by its code (API-Error-codes.md): the words a
 * note adds after Billmate's own message. Codes with nothing to add answer null, and the note
 * gives orderhook's general advice for the step.
 */
final class BillmateAdvice {
    private BillmateAdvice() {}

    static String forCode(String code) {
        return switch (code == null ? "" : code) {
            case "5210", "5220" ->
                    "The reservation is cancelled in Billmate, so nothing can be captured; ask the customer to pay again.";
            case "5209", "5208" ->
                    "The payment is no longer a reservation in Billmate; check it in Billmate Online and refund it there if needed.";
            case "5201", "5198", "5200" -> "Billmate does not know this payment number; check the order's transaction id.";
            case "5215" -> "A reservation cannot be raised above the amount the customer approved; ask the customer for an"
                    + " additional payment.";
            case "5216" -> "Bank payments cannot be changed; refund the difference after activation instead.";
            case "5204", "5213", "5214" ->
                    "The refund is larger than what is left to refund; check the refunds in Billmate Online.";
            case "5206" -> "Billmate's credit check rejected the customer; ask the customer to pay another way.";
            case "9010", "9011", "9013" -> "orderhook's Billmate credentials for this shop are wrong; fix them in the shop's"
                    + " settings, then repeat the change.";
            case "CART" -> "Check the order's lines and taxes, then save the order again; if it still fails, change the"
                    + " payment in Billmate Online.";
            default -> null;
        };
    }
}
