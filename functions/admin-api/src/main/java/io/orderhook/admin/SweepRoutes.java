package io.orderhook.admin;

import java.time.Clock;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.SweepStore;
import io.orderhook.sweep.OrderSweep;
import io.orderhook.sweep.ShopSweep;
import io.orderhook.sweep.SweepState;

/**
 * {@code POST /admin/shops/{shopId}/sweep}: the sweep of one shop now, as the scheduler runs it,
 * for an operator who fixed the cause of lost deliveries and does not want to wait for the timer.
 */
final class SweepRoutes {
    private final ShopConfigStore shops;
    private final OrderSweep sweep;
    private final SweepStore states;
    private final Clock clock;

    SweepRoutes(ShopConfigStore shops, OrderSweep sweep, SweepStore states, Clock clock) {
        this.shops = shops;
        this.sweep = sweep;
        this.states = states;
        this.clock = clock;
    }

    AdminApi.Answer sweep(String shopId) {
        AdminInput.requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        ShopSweep.Result result = sweep.runShop(shopId, clock.instant());
        SweepState state = states.find(shopId).orElse(SweepState.never(shopId));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("listed", result.listed());
        out.put("caughtUp", result.caughtUp());
        out.put("watermark", state.watermarkGmt());
        out.put("webhook", result.webhook());
        out.put("webhookProblem", result.webhookProblem());
        if (result.ok()) {
            out.putNull("problem");
        } else {
            out.put("problem", result.problem());
        }
        return new AdminApi.Answer(result.ok() ? 200 : 502, Json.write(out));
    }
}
