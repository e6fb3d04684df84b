package io.orderhook.connect;

import static io.orderhook.connect.RestAccess.describe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.connect.ShopConnector.WebhookLine;
import io.orderhook.json.Json;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.shop.woocommerce.WooWebhooks;

/**
 * The shop's webhooks to orderhook: one per order topic, created, or repaired when its secret
 * (known by the fingerprint in its name), delivery URL or status is not orderhook's; duplicates
 * deleted. Each method answers why it stopped, or null when it finished.
 */
final class WebhookSync {
    private WebhookSync() {}

    static String sync(WooCommerceRestClient client, String shopId, URI deliveryUrl, String webhookSecret,
            ReportBuilder steps) {
        WooWebhooks webhooks = new WooWebhooks(client);
        ShopResult<List<WooWebhooks.Webhook>> listed = webhooks.list();
        if (!(listed instanceof ShopResult.Ok<List<WooWebhooks.Webhook>> all)) {
            return ("the shop's webhooks could not be listed: " + describe(listed));
        }
        String fingerprint = fingerprint(webhookSecret);
        for (String topic : ShopConnector.TOPICS) {
            List<WooWebhooks.Webhook> mine = all.value().stream()
                    .filter(w -> w.topic().equals(topic) && isOurs(w, shopId, deliveryUrl))
                    .sorted(Comparator.comparingLong(WooWebhooks.Webhook::id)).toList();
            String name = name(shopId, topic, fingerprint);
            WooWebhooks.Webhook kept;
            if (mine.isEmpty()) {
                ShopResult<WooWebhooks.Webhook> created = webhooks.create(name, topic, deliveryUrl.toString(), webhookSecret);
                if (!(created instanceof ShopResult.Ok<WooWebhooks.Webhook> ok)) {
                    return ("creating the " + topic + " webhook failed: " + describe(created));
                }
                kept = ok.value();
                steps.done.add("created webhook #" + kept.id() + " " + topic + " -> " + deliveryUrl + " (API v3, active)");
            } else {
                kept = mine.get(0);
                ObjectNode change = Json.MAPPER.createObjectNode();
                List<String> what = new ArrayList<>();
                if (!kept.name().equals(name)) {
                    // The name's fingerprint is the only sign of which secret the webhook has.
                    change.put("name", name);
                    change.put("secret", webhookSecret);
                    what.add("secret");
                }
                if (!kept.deliveryUrl().equals(deliveryUrl.toString())) {
                    change.put("delivery_url", deliveryUrl.toString());
                    what.add("delivery URL (was " + kept.deliveryUrl() + ")");
                }
                if (!kept.status().equals("active")) {
                    change.put("status", "active");
                    what.add("status (was " + kept.status() + ")");
                    if (kept.status().equals("disabled")) {
                        steps.toDo.add("webhook #" + kept.id() + " (" + topic + ") had been disabled after failed "
                                + "deliveries; the order changes made meanwhile were never sent: save those orders again "
                                + "in WooCommerce so orderhook hears of them.");
                    }
                }
                if (what.isEmpty()) {
                    steps.unchanged.add("webhook #" + kept.id() + " " + topic);
                } else {
                    ShopResult<WooWebhooks.Webhook> repaired = webhooks.update(kept.id(), change);
                    if (!(repaired instanceof ShopResult.Ok<WooWebhooks.Webhook> ok)) {
                        return ("repairing webhook #" + kept.id() + " failed: " + describe(repaired));
                    }
                    kept = ok.value();
                    steps.done.add("repaired webhook #" + kept.id() + " " + topic + ": " + String.join(", ", what));
                }
                for (WooWebhooks.Webhook extra : mine.subList(1, mine.size())) {
                    // A second webhook of the same topic would send every change twice.
                    if (!(webhooks.delete(extra.id()) instanceof ShopResult.Ok<WooWebhooks.Webhook>)) {
                        return ("deleting the duplicate webhook #" + extra.id() + " failed");
                    }
                    steps.done.add("deleted webhook #" + extra.id() + ", a second " + topic + " webhook to orderhook");
                }
            }
            steps.webhooks.add(new WebhookLine(kept.id(), topic, kept.status(), kept.deliveryUrl()));
        }
        for (WooWebhooks.Webhook other : all.value()) {
            if (!ShopConnector.TOPICS.contains(other.topic()) && other.deliveryUrl().equals(deliveryUrl.toString())) {
                steps.toDo.add("webhook #" + other.id() + " (" + other.topic() + ") also delivers to orderhook, which "
                        + "quarantines topics it does not take: delete it in WooCommerce > Settings > Advanced > Webhooks.");
            }
        }

        return null;
    }

    /** Deletes the shop's webhooks to orderhook (by delivery URL or orderhook's name for the shop). */
    static String removeAll(WooCommerceRestClient client, String shopId, URI deliveryUrl, ReportBuilder steps) {
        WooWebhooks webhooks = new WooWebhooks(client);
        ShopResult<List<WooWebhooks.Webhook>> listed = webhooks.list();
        if (!(listed instanceof ShopResult.Ok<List<WooWebhooks.Webhook>> all)) {
            return ("the shop's webhooks could not be listed: " + describe(listed));
        }
        for (WooWebhooks.Webhook webhook : all.value()) {
            if (!isOurs(webhook, shopId, deliveryUrl)) {
                continue;
            }
            ShopResult<WooWebhooks.Webhook> deleted = webhooks.delete(webhook.id());
            if (!(deleted instanceof ShopResult.Ok<WooWebhooks.Webhook>)) {
                return ("deleting webhook #" + webhook.id() + " failed: " + describe(deleted));
            }
            steps.done.add("deleted webhook #" + webhook.id() + " " + webhook.topic() + " -> " + webhook.deliveryUrl());
        }
        return null;
    }

    /** The webhook's name: shop, topic and 8 hex digits of a hash of its secret (which tells nothing of the secret). */
    static String name(String shopId, String topic, String fingerprint) {
        return "orderhook " + shopId + " " + topic + " [" + fingerprint + "]";
    }

    static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("orderhook webhook secret\n" + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isOurs(WooWebhooks.Webhook webhook, String shopId, URI deliveryUrl) {
        return webhook.deliveryUrl().equals(deliveryUrl.toString()) || webhook.name().startsWith("orderhook " + shopId + " ");
    }
}
