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
 * @param signatureVerified the body's signature was checked against the shop's secret; false when the
 *                   secret could not be read, so a replay must not take the body on trust
 */
public record QuarantinedDelivery(
        String shopId,
        Instant receivedAt,
        String deliveryId,
        String topic,
        String reason,
        Map<String, String> headers,
        byte[] body,
        boolean signatureVerified) {

    public QuarantinedDelivery {
        headers = Map.copyOf(headers);
    }

    /** A delivery whose signature was verified before it was kept aside. */
    public QuarantinedDelivery(String shopId, Instant receivedAt, String deliveryId, String topic, String reason,
            Map<String, String> headers, byte[] body) {
        this(shopId, receivedAt, deliveryId, topic, reason, headers, body, true);
    }
}
