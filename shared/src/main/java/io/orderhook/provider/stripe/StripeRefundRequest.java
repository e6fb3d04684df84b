package io.orderhook.provider.stripe;

import java.util.LinkedHashMap;
import java.util.Map;

import com.stripe.param.RefundCreateParams;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;

/**
 * A WooCommerce refund as Stripe's {@code POST /v1/refunds}: the PaymentIntent, the refund's
 * amount, {@code reason=requested_by_customer} and orderhook's reference in the metadata.
 *
 * @param sent what the debug log keeps of it: the metadata's keys, not its values
 */
record StripeRefundRequest(RefundCreateParams params, Map<String, Object> sent) {

    static StripeRefundRequest of(String paymentIntentId, OrderSnapshot order, Refund refund, String idempotencyKey) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("orderhook_key", truncate(idempotencyKey, 500));
        metadata.put("order_id", truncate(order.orderId(), 500));
        metadata.put("order_number", truncate(order.orderNumber(), 500));
        metadata.put("refund_id", truncate(refund.refundId(), 500));
        if (refund.reason() != null && !refund.reason().isBlank()) {
            // As the WooCommerce Stripe Gateway sends it: metadata values are at most 500 characters.
            metadata.put("reason", truncate(refund.reason().strip(), 500));
        }
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(refund.amount())
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putAllMetadata(metadata)
                .build();
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("payment_intent", paymentIntentId);
        sent.put("amount", refund.amount());
        sent.put("reason", "requested_by_customer");
        sent.put("metadata", metadata.keySet());
        return new StripeRefundRequest(params, sent);
    }

    private static String truncate(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() <= max ? value : value.substring(0, max);
    }
}
