package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;
import static io.orderhook.admin.AdminInput.parseObject;
import static io.orderhook.admin.AdminInput.printable;
import static io.orderhook.admin.AdminInput.requireShopId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.intake.IntakeOutcome;
import io.orderhook.intake.WebhookDelivery;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.json.Json;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET /admin/shops/{shopId}/quarantine} and {@code POST .../quarantine/replay}: the
 * deliveries the receiver kept aside, and running one through the intake again once the cause is
 * fixed.
 */
final class QuarantineRoutes {
    private final ShopConfigStore shops;
    private final QuarantineStore quarantine;
    private final WebhookIntake intake;
    private final SecretResolver secrets;

    QuarantineRoutes(ShopConfigStore shops, QuarantineStore quarantine, WebhookIntake intake, SecretResolver secrets) {
        this.shops = shops;
        this.quarantine = quarantine;
        this.intake = intake;
        this.secrets = secrets;
    }

    Answer list(String shopId) {
        requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            // A mistyped shop id would otherwise look like a shop with nothing quarantined.
            return Answers.unknownShop(shopId);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        ArrayNode list = out.putArray("deliveries");
        for (QuarantineStore.Entry entry : quarantine.entries(shopId)) {
            ObjectNode d = list.addObject();
            d.put("key", entry.sortKey());
            d.put("receivedAt", entry.delivery().receivedAt().toString());
            d.put("deliveryId", entry.delivery().deliveryId());
            d.put("topic", entry.delivery().topic());
            d.put("reason", entry.delivery().reason());
            d.put("signatureVerified", entry.delivery().signatureVerified());
            d.put("bodyBytes", entry.delivery().body().length);
            d.put("bodyTruncated", entry.bodyTruncated());
        }
        return Answers.ok(out);
    }

    /**
     * Runs a quarantined delivery through the intake again, as if the shop had sent it now. The
     * receiver never stores signatures, so the body is signed again with the shop's current
     * webhook secret; that is only honest for a delivery whose signature was verified when it
     * arrived, so an unverified one needs {@code "trustUnverified": true} (someone checked the
     * body against the shop). Taken in, ignored or a duplicate: the quarantine item is removed.
     * Quarantined again: the original stays and the new copy is removed.
     */
    Answer replay(String shopId, String body) {
        requireShopId(shopId);
        JsonNode request = parseObject(body);
        JsonNode keyNode = request.get("key");
        if (keyNode == null || !keyNode.isTextual() || keyNode.asText().isBlank()) {
            throw new BadRequest("give the delivery's key as {\"key\": \"...\"} (GET /admin/shops/" + shopId
                    + "/quarantine lists them)");
        }
        String key = keyNode.asText();
        boolean trustUnverified = request.has("trustUnverified") && boolField(request, "trustUnverified");
        Optional<ShopConfig> shop = shops.read(shopId);
        if (shop.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        Optional<QuarantineStore.Entry> found = quarantine.find(shopId, key);
        if (found.isEmpty()) {
            return Answers.error(404, "not-found", "no quarantined delivery " + printable(key) + " for shop " + shopId);
        }
        QuarantineStore.Entry entry = found.get();
        if (entry.bodyTruncated()) {
            return Answers.error(409, "not-replayable", "only the first part of this delivery's body was kept; it cannot "
                    + "be replayed. Save the order in WooCommerce again to make the shop send it anew");
        }
        if (!entry.delivery().signatureVerified() && !trustUnverified) {
            return Answers.error(409, "not-replayable", "this delivery's signature was never verified ("
                    + entry.delivery().reason() + "). Check its body against the order in the shop, then replay with "
                    + "\"trustUnverified\": true");
        }
        String secret;
        try {
            secret = secrets.resolve(shop.get().webhookSecretRef());
        } catch (SecretResolver.MissingSecretException e) {
            return Answers.error(409, "not-replayable", "the shop's webhook secret still cannot be read (" + e.getMessage()
                    + "); store it first, then replay");
        }
        byte[] raw = entry.delivery().body();
        Map<String, String> headers = new LinkedHashMap<>(entry.delivery().headers());
        headers.put(WebhookDelivery.SIGNATURE, WebhookSignature.sign(raw, secret));
        IntakeOutcome outcome = intake.receive(new WebhookDelivery(shopId, headers, raw));
        boolean removed = false;
        if (outcome instanceof IntakeOutcome.Accepted || outcome instanceof IntakeOutcome.Duplicate
                || outcome instanceof IntakeOutcome.Ignored) {
            quarantine.delete(shopId, key);
            removed = true;
        } else if (outcome instanceof IntakeOutcome.Quarantined again) {
            quarantine.delete(shopId, again.sortKey());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("key", key);
        out.put("outcome", outcome.status());
        out.put("reason", outcome.reason());
        out.put("removedFromQuarantine", removed);
        // Not stored at all (DynamoDB failed): a retry may succeed; anything else needs a fix first.
        int status = removed ? 200 : outcome instanceof IntakeOutcome.Failed ? 503 : 409;
        return Answers.of(status, out);
    }
}
