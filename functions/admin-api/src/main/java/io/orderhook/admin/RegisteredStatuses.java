package io.orderhook.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;

/**
 * Checks the order statuses a settings change names against those the shop has registered:
 * WooCommerce's REST API refuses any other when orderhook writes it. A shop that cannot be asked
 * (down, or a key without the reports permission) does not stop the change; orderhook then falls
 * back to {@code on-hold} when the shop refuses a status at write time.
 */
final class RegisteredStatuses {
    private static final List<String> STATUS_FIELDS = List.of("captureStatus", "failureStatus");
    private static final List<String> DECLINE_STATUS_FIELDS = List.of("softStatus", "hardStatus", "reviewStatus",
            "payAnotherWayStatus");

    private final ShopConnections connections;

    RegisteredStatuses(ShopConnections connections) {
        this.connections = connections;
    }

    /** @throws BadRequest naming a status the shop has not registered, and the ones it has */
    void check(ShopConfig config, JsonNode change) {
        Set<String> named = named(change);
        if (named.isEmpty()) {
            return;
        }
        ShopResult<List<String>> registered;
        try {
            registered = connections.shop(config).registeredStatuses();
        } catch (RuntimeException cannotAsk) {
            return;
        }
        if (!(registered instanceof ShopResult.Ok<List<String>> ok)) {
            return;
        }
        for (String status : named) {
            if (!ok.value().contains(status)) {
                throw new BadRequest("the shop has not registered the order status '" + status + "' (it has "
                        + ok.value() + "), so WooCommerce would refuse it; register it in the shop (docs/OPERATIONS.md)"
                        + " or choose one it has");
            }
        }
    }

    private static Set<String> named(JsonNode change) {
        Set<String> named = new LinkedHashSet<>();
        STATUS_FIELDS.forEach(f -> add(named, change.get(f)));
        JsonNode declines = change.get("declines");
        if (declines != null && declines.isObject()) {
            DECLINE_STATUS_FIELDS.forEach(f -> add(named, declines.get(f)));
        }
        return named;
    }

    private static void add(Set<String> named, JsonNode value) {
        if (value != null && value.isTextual()) {
            named.add(value.asText());
        }
    }
}
