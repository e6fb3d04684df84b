package io.orderhook.lifecycle;

import java.util.List;

import io.orderhook.order.OrderSnapshot;

/**
 * Where an order keeps its provider payment number. Plugins disagree: WooCommerce's own
 * {@code transaction_id}; Billmate Checkout's meta {@code _billmate_transaction_id} (it leaves
 * transaction_id empty while a payment awaits approval); the older Billmate plugin's
 * {@code billmate_invoice_id}. A shop's settings list the places in the order to look.
 */
public final class PaymentNumbers {
    private PaymentNumbers() {}

    /** The field name that means the order's {@code transaction_id}; any other name is an order meta key. */
    public static final String TRANSACTION_ID = "transaction_id";

    /** The first non-blank number in {@code fields}, or "" when the order has none. */
    public static String of(OrderSnapshot order, List<String> fields) {
        for (String field : fields) {
            String value = TRANSACTION_ID.equals(field) ? order.transactionId() : order.meta().get(field);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "";
    }
}
