package io.orderhook.testkit.woocommerce;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One webhook delivery attempt, as WooCommerce's delivery log records it.
 *
 * @param webhookId      the webhook's id ({@code X-WC-Webhook-ID})
 * @param topic          {@code order.created}, {@code order.updated}, {@code order.deleted}
 * @param orderId        the order the delivery is about
 * @param deliveryId     {@code X-WC-Webhook-Delivery-ID}
 * @param headers        every header sent
 * @param body           the exact bytes sent (and signed)
 * @param sentAt         when it was sent
 * @param outcome        delivered, failed, or dropped by a fault control (never sent)
 * @param responseStatus the receiver's HTTP status, 0 when none
 * @param failure        why it failed (status or transport error), empty otherwise
 */
public record DeliveredWebhook(long webhookId, String topic, String orderId, String deliveryId,
                               Map<String, String> headers, byte[] body, Instant sentAt, Outcome outcome,
                               int responseStatus, String failure) {

    public enum Outcome { DELIVERED, FAILED, DROPPED }

    public DeliveredWebhook {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode bodyJson() {
        try {
            return PhpJson.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("webhook body is not JSON: " + bodyText(), e);
        }
    }

    public String signature() {
        return headers.get("X-WC-Webhook-Signature");
    }

}
