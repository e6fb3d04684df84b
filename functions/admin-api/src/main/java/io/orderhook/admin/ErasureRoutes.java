package io.orderhook.admin;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.erasure.OrderEraser;
import io.orderhook.json.Json;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code DELETE /admin/shops/{shopId}/orders/{orderId}}: deletes everything orderhook keeps about
 * the order, its open reservation cancelled first. {@code 200 {"status": "deleted", "items",
 * "reservationCancelled"}}; {@code 409 not-cancelled} when the reservation cannot be cancelled now
 * (nothing deleted); {@code 404 unknown-shop}. Deleting again answers 200 with nothing more removed.
 */
final class ErasureRoutes {
    private static final Pattern ORDER_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final ShopConfigStore shops;
    private final OrderEraser eraser;

    ErasureRoutes(ShopConfigStore shops, OrderEraser eraser) {
        this.shops = shops;
        this.eraser = eraser;
    }

    AdminApi.Answer delete(String shopId, String orderId) {
        AdminInput.requireShopId(shopId);
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new AdminInput.BadRequest("order id '" + AdminInput.printable(orderId) + "' is not a WooCommerce order id");
        }
        Optional<ShopConfig> config = shops.read(shopId);
        if (config.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        OrderEraser.Result result = eraser.delete(config.get(), orderId);
        if (result instanceof OrderEraser.NotCancelled refused) {
            return Answers.error(409, "not-cancelled", refused.reason());
        }
        OrderEraser.Erased erased = (OrderEraser.Erased) result;
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("status", "deleted");
        out.put("shopId", shopId);
        out.put("orderId", orderId);
        out.put("items", erased.items());
        out.put("reservationCancelled", erased.reservationCancelled());
        return Answers.ok(out);
    }
}
