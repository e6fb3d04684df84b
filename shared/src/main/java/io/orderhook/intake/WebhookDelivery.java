package io.orderhook.intake;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP delivery to {@code /webhooks/woocommerce/{shopId}}, as received: header names in
 * lower case (API Gateway v2 lower-cases them; local mode and tests may not), the body as the
 * exact bytes the shop signed.
 */
public record WebhookDelivery(String shopId, Map<String, String> headers, byte[] body) {
    public static final String TOPIC = "x-wc-webhook-topic";
    public static final String SIGNATURE = "x-wc-webhook-signature";
    public static final String DELIVERY_ID = "x-wc-webhook-delivery-id";
    public static final String WEBHOOK_ID = "x-wc-webhook-id";
    public static final String SOURCE = "x-wc-webhook-source";

    public WebhookDelivery {
        Map<String, String> lowerCased = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lowerCased.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        headers = Map.copyOf(lowerCased);
        body = body == null ? new byte[0] : body;
    }

    /** A header by name, in any case; {@code null} when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
