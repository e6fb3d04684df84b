package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.time.Instant;

/**
 * A webhook of the simulated shop as WooCommerce stores it (its {@code wc_webhooks} row). The
 * REST API never shows {@code secret}, {@code failureCount}, {@code pendingDelivery} or
 * {@code apiVersion}; tests may look.
 *
 * @param status          {@code active}, {@code paused} or {@code disabled}
 * @param pendingDelivery true until a ping was answered with exactly 200
 * @param apiVersion      {@code wp_api_v3}: payloads are built as {@code GET /wc/v3/orders/{id}} answers
 */
public record ShopWebhook(long id, String name, String status, String topic, URI deliveryUrl, String secret,
                          int failureCount, boolean pendingDelivery, String apiVersion, Instant created, Instant modified) {}
