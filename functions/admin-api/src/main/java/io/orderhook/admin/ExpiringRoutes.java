package io.orderhook.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.LapsingOrders;
import io.orderhook.store.LapsingOrders.Lapsing;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET /admin/shops/{shopId}/expiring}: the shop's reserved, uncaptured orders by when their
 * authorisation lapses, soonest first, with when the merchant is (or was) warned and whether that
 * happened; what {@code orderhook expiring} prints.
 */
final class ExpiringRoutes {
    private final ShopConfigStore shops;
    private final LapsingOrders lapsing;
    private final Clock clock;

    ExpiringRoutes(ShopConfigStore shops, LapsingOrders lapsing, Clock clock) {
        this.shops = shops;
        this.lapsing = lapsing;
        this.clock = clock;
    }

    AdminApi.Answer list(String shopId) {
        AdminInput.requireShopId(shopId);
        ShopConfig config = shops.read(shopId).orElse(null);
        if (config == null) {
            return Answers.unknownShop(shopId);
        }
        CaptureSettings capture = config.settings().capture();
        List<Lapsing> all = new ArrayList<>(lapsing.list(shopId, false, null));
        all.addAll(lapsing.list(shopId, true, null));
        all.sort(Comparator.comparing(Lapsing::lapsesAt));
        Instant now = clock.instant();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("at", now.toString());
        out.put("expiryWarningDays", capture.expiryWarningDays());
        out.put("extendAllowed", capture.extendAllowed());
        ArrayNode orders = out.putArray("orders");
        for (Lapsing order : all) {
            ObjectNode o = orders.addObject();
            o.put("orderId", order.orderId());
            o.put("lapsesAt", order.lapsesAt().toString());
            o.put("warnFrom", AuthorisationExpiry.warnFrom(order.lapsesAt(), capture).toString());
            o.put("warned", order.warned());
            o.put("lapsed", !now.isBefore(order.lapsesAt()));
        }
        return Answers.ok(out);
    }
}
