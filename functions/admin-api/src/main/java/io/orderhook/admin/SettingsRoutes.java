package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.longField;
import static io.orderhook.admin.AdminInput.parseObject;
import static io.orderhook.admin.AdminInput.requireShopId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.json.Json;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET|PUT /admin/shops/{shopId}/settings}: a PUT changes only the fields it names, with
 * optimistic locking on the configuration's version (given as {@code expectedVersion}, or the one
 * just read, re-applied when another admin saved meanwhile).
 */
final class SettingsRoutes {
    /** Two admins saving at once: re-read and re-apply the named fields this many times. */
    private static final int ATTEMPTS = 3;

    private final ShopConfigStore shops;
    private final RegisteredStatuses statuses;

    SettingsRoutes(ShopConfigStore shops, RegisteredStatuses statuses) {
        this.shops = shops;
        this.statuses = statuses;
    }

    Answer read(String shopId) {
        requireShopId(shopId);
        return shops.read(shopId).map(config -> Answers.ok(SettingsChange.json(config)))
                .orElseGet(() -> Answers.unknownShop(shopId));
    }

    Answer change(String shopId, String body) {
        requireShopId(shopId);
        JsonNode change = parseObject(body);
        List<String> unknown = new ArrayList<>();
        change.fieldNames().forEachRemaining(name -> {
            if (!SettingsChange.FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown settings " + unknown + "; the settings are " + new TreeSet<>(SettingsChange.FIELDS));
        }
        if (!change.fieldNames().hasNext() || (change.size() == 1 && change.has("expectedVersion"))) {
            throw new BadRequest("the change names no setting; give the fields to change, e.g. {\"debugLog\": true} "
                    + "(GET /admin/shops/" + shopId + "/settings shows them)");
        }
        Long expected = change.has("expectedVersion") ? longField(change, "expectedVersion") : null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ShopConfig> current = shops.read(shopId);
            if (current.isEmpty()) {
                return Answers.unknownShop(shopId);
            }
            long version = expected != null ? expected : current.get().version();
            ShopSettings changed = SettingsChange.apply(current.get().settings(), change);
            if (attempt == 0) {
                // Checked once the change is valid in itself: asking the shop is the slow part.
                statuses.check(current.get(), change);
            }
            ShopConfigStore.SettingsUpdate result = shops.updateSettings(shopId, version, changed);
            if (result instanceof ShopConfigStore.SettingsUpdate.Updated updated) {
                return Answers.ok(SettingsChange.json(updated.config()));
            }
            if (result instanceof ShopConfigStore.SettingsUpdate.UnknownShop) {
                return Answers.unknownShop(shopId);
            }
            if (expected != null) {
                return conflict(shopId, expected, ((ShopConfigStore.SettingsUpdate.Conflict) result).currentVersion());
            }
        }
        return Answers.error(409, "conflict", "the settings of shop " + shopId + " kept changing while saving; try again");
    }

    /**
     * 409 with the settings as they are now ({@code current}: version and settings), so a caller
     * can name what the other save changed against what it had read.
     */
    private Answer conflict(String shopId, long expected, long now) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "conflict");
        body.put("reason", "the settings of shop " + shopId + " are at version " + now + ", not " + expected
                + ": someone saved them meanwhile; read them again and re-apply your change");
        shops.read(shopId).ifPresent(config -> body.set("current", SettingsChange.json(config)));
        return Answers.of(409, body);
    }
}
