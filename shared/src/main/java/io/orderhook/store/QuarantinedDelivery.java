package io.orderhook.store;

import java.time.Instant;
import java.util.Map;

/**
 * A signed delivery orderhook could not take into the inbox (unreadable body, unknown topic,
 * ...). It is kept with its raw body so an operator can see what the shop sent and replay it.
 *
 * <pre>
 * PK  SHOP#{shopId}#QUARANTINE
 * SK  {receivedAt}#{deliveryId}
 * </pre>
 *
 * @param shopId     the shop the webhook URL named
 * @param receivedAt when it arrived (milliseconds)
 * @param deliveryId {@code X-WC-Webhook-Delivery-ID}, or {@code null} when the shop sent none
 * @param topic      {@code X-WC-Webhook-Topic}, or {@code null} when the shop sent none
 * @param reason     why it is here, in words an operator understands
 * @param headers    the request headers worth keeping (lower-case names; never the signature)
 * @param body       the raw body bytes
 */
public record QuarantinedDelivery(
        String shopId,
        Instant receivedAt,
        String deliveryId,
        String topic,
        String reason,
        Map<String, String> headers,
        byte[] body) {

    public QuarantinedDelivery {
        headers = Map.copyOf(headers);
    }
}
