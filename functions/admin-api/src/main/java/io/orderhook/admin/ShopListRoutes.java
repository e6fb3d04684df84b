package io.orderhook.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET /admin/shops}: every shop of the {@code SHOPS} directory with its health as
 * {@code GET .../status} gives it, so the console's first page shows at a glance which shop needs
 * attention. A shop listed in the directory whose configuration is gone is left out, as the sweep
 * leaves it out.
 */
final class ShopListRoutes {
    private final ShopConfigStore shops;
    private final StatusRoutes status;

    ShopListRoutes(ShopConfigStore shops, StatusRoutes status) {
        this.shops = shops;
        this.status = status;
    }

    AdminApi.Answer list() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("shops");
        for (String shopId : shops.shopIds()) {
            shops.read(shopId).ifPresent(config -> {
                ObjectNode shop = status.health(shopId);
                shop.put("orderManagementEnabled", config.settings().orderManagementEnabled());
                shop.put("debugLog", config.settings().debugLog());
                list.add(shop);
            });
        }
        return Answers.ok(out);
    }
}
