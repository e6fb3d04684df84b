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
            // The same name in two cases (possible outside API Gateway) is the same header sent
            // twice: joined with a comma as API Gateway joins repeated headers, in name order so
            // the result does not depend on the map's iteration order.
            headers.entrySet().stream()
                    .filter(header -> header.getKey() != null && header.getValue() != null)
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(header -> lowerCased.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
                            (first, second) -> first + "," + second));
        }
        headers = Map.copyOf(lowerCased);
        body = body == null ? new byte[0] : body;
    }

    /** A header by name, in any case; {@code null} when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
