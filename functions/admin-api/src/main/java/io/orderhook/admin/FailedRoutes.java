package io.orderhook.admin;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.bulk.OrderAction;
import io.orderhook.failed.Redrive;
import io.orderhook.json.Json;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.FailedOrder;
import io.orderhook.store.FailedOrderStore;
import io.orderhook.store.ShopConfigStore;

/**
 * The orders the processor gave up on after the stream's retries: {@code GET
 * /admin/shops/{shopId}/failed} lists them, {@code POST .../failed/{orderId}/redrive} sends one
 * through again once the cause is fixed (never doing a step twice, see {@link Redrive}).
 */
final class FailedRoutes {
    private final ShopConfigStore shops;
    private final FailedOrderStore failed;
    private final Redrive redrive;

    FailedRoutes(ShopConfigStore shops, FailedOrderStore failed, Redrive redrive) {
        this.shops = shops;
        this.failed = failed;
        this.redrive = redrive;
    }

    AdminApi.Answer list(String shopId) {
        AdminInput.requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        ArrayNode list = out.putArray("failed");
        for (FailedOrder order : failed.list(shopId)) {
            list.addObject()
                    .put("orderId", order.orderId())
                    .put("failedAt", order.failedAt().toString())
                    .put("reason", order.reason())
                    .put("attempts", order.attempts());
        }
        return Answers.ok(out);
    }

    /**
     * {@code 200} when nothing is left to do (the failed record is gone), {@code 503} when it failed
     * again (the record stays: fix the cause, redrive again), {@code 409} when the shop refused.
     */
    AdminApi.Answer redrive(String shopId, String orderId) {
        AdminInput.requireShopId(shopId);
        if (!orderId.matches("[1-9][0-9]{0,18}")) {
            throw new BadRequest("WooCommerce order ids are positive numbers, not '" + AdminInput.printable(orderId) + "'");
        }
        Optional<ShopConfig> config = shops.read(shopId);
        if (config.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        Optional<OrderAction.Result> result = redrive.redrive(config.get(), orderId);
        if (result.isEmpty()) {
            return Answers.error(404, "not-failed", "order " + orderId + " of shop '" + shopId + "' is not a failed order;"
                    + " GET /admin/shops/" + shopId + "/failed lists them");
        }
        OrderAction.Outcome outcome = result.get().outcome();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("orderId", orderId);
        out.put("redriven", outcome.settled());
        out.put("outcome", outcome.wireName());
        out.put("detail", result.get().detail());
        return Answers.of(outcome.settled() ? 200 : outcome == OrderAction.Outcome.REFUSED ? 409 : 503, out);
    }
}
