package io.orderhook.shop;

/**
 * One of the shop's webhooks as its REST API shows it. WooCommerce never shows a webhook's
 * failure count: {@code disabled} is the only sign that deliveries failed.
 *
 * @param status {@code active}, {@code paused} (by an admin) or {@code disabled} (by WooCommerce, after failures)
 */
public record ShopWebhookState(long id, String name, String topic, String status, String deliveryUrl) {}
