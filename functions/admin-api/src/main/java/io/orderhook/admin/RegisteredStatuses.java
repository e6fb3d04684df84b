package io.orderhook.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

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
    private static final List<String> CREDIT_STATUS_FIELDS = List.of("pendingStatus", "failedStatus");

    private final ShopConnections connections;

    RegisteredStatuses(ShopConnections connections) {
        this.connections = connections;
    }

    /** @throws BadRequest naming a status the shop has not registered, and the ones it has */
    void check(ShopConfig config, JsonNode change) {
        Set<String> named = named(config, change);
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
                        + ok.value() + "), so WooCommerce would refuse it; register it in the shop with the snippet in"
                        + " docs/OPERATIONS.md (\"Order statuses of your own\"; for credit ordering \"Credit ordering\")"
                        + " or choose one it has");
            }
        }
    }

    private static Set<String> named(ShopConfig config, JsonNode change) {
        Set<String> named = new LinkedHashSet<>();
        STATUS_FIELDS.forEach(f -> add(named, change.get(f)));
        JsonNode declines = change.get("declines");
        if (declines != null && declines.isObject()) {
            DECLINE_STATUS_FIELDS.forEach(f -> add(named, declines.get(f)));
        }
        JsonNode credit = change.get(CreditSettingsChange.FIELD);
        if (credit != null && credit.isObject() && (credit.has("paymentMethods")
                || CREDIT_STATUS_FIELDS.stream().anyMatch(credit::has))) {
            // Credit checks write both statuses, so both are checked, the ones kept as well as the ones changed.
            add(named, credit.has("pendingStatus") ? credit.get("pendingStatus")
                    : TextNode.valueOf(config.settings().credit().pendingStatus()));
            add(named, credit.has("failedStatus") ? credit.get("failedStatus")
                    : TextNode.valueOf(config.settings().credit().failedStatus()));
        }
        return named;
    }

    private static void add(Set<String> named, JsonNode value) {
        if (value != null && value.isTextual()) {
            named.add(value.asText());
        }
    }
}
