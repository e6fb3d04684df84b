package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP side of WooCommerce's webhook delivery (WC_Webhook::deliver and deliver_ping): the
 * headers, the signature, one POST without redirects, and what counts as delivered.
 */
final class WebhookSender {
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Clock clock;

    WebhookSender(Clock clock) {
        this.clock = clock;
    }

    /** The headers of a delivery, signed with the webhook's secret. */
    static Map<String, String> headers(String source, String topic, long webhookId, String deliveryId, byte[] body,
            String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent());
        headers.put("X-WC-Webhook-Source", source);
        headers.put("X-WC-Webhook-Topic", topic);
        headers.put("X-WC-Webhook-Resource", "order");
        headers.put("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1));
        headers.put("X-WC-Webhook-Signature", WebhookSigner.sign(body, secret));
        headers.put("X-WC-Webhook-ID", Long.toString(webhookId));
        headers.put("X-WC-Webhook-Delivery-ID", deliveryId);
        return headers;
    }

    /** The ping: {@code webhook_id=N} form-encoded, no signature; the receiver's status, or 0 when unreachable. */
    int ping(URI url, long webhookId) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent())
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + webhookId))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    DeliveredWebhook post(URI url, Duration sendTimeout, long webhookId, String topic, String orderId,
                                  String deliveryId, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(sendTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        Instant sentAt = clock.instant();
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            // WooCommerce counts 200..302 as delivered.
            boolean delivered = status >= 200 && status <= 302;
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    delivered ? DeliveredWebhook.Outcome.DELIVERED : DeliveredWebhook.Outcome.FAILED, status,
                    delivered ? "" : "HTTP " + status);
        } catch (IOException e) {
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    DeliveredWebhook.Outcome.FAILED, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveredWebhook(webhookId, topic, orderId, deliveryId, headers, body, sentAt,
                    DeliveredWebhook.Outcome.FAILED, 0, "interrupted");
        }
    }

    /** wp_hash(webhook id . time()): the same id for every delivery of a webhook within one second. */
    static String deliveryId(long webhookId, Instant now) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((webhookId + "" + now.getEpochSecond())
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    static String userAgent() {
        return "WooCommerce/" + ShopSimulator.WOOCOMMERCE_VERSION + " Hookshot (WordPress/" + ShopSimulator.WORDPRESS_VERSION + ")";
    }
}
