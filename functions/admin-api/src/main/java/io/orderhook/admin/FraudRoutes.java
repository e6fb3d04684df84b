package io.orderhook.admin;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.fraud.Screening;
import io.orderhook.json.Json;
import io.orderhook.store.FraudStore;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET /admin/shops/{shopId}/orders/{orderId}/fraud}: an order's fraud screening as kept
 * for the merchant's review: minFraud's score, the IP's risk, the reasons and warnings, or the
 * attempts while minFraud could not answer.
 */
final class FraudRoutes {
    private final ShopConfigStore shops;
    private final FraudStore fraud;

    FraudRoutes(ShopConfigStore shops, FraudStore fraud) {
        this.shops = shops;
        this.fraud = fraud;
    }

    AdminApi.Answer screening(String shopId, String orderId) {
        AdminInput.requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        Optional<Screening> found = fraud.find(shopId, orderId);
        if (found.isEmpty()) {
            return Answers.error(404, "not-screened", "order " + AdminInput.printable(orderId) + " of shop " + shopId
                    + " has no fraud screening (screening off, another payment method, or not seen yet)");
        }
        return Answers.ok(json(found.get()));
    }

    static ObjectNode json(Screening s) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", s.shopId());
        out.put("orderId", s.orderId());
        out.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        if (s.status() != Screening.Status.WAITING) {
            out.put("riskScore", s.riskScore());
            out.put("ipRisk", s.ipRisk());
        }
        out.put("threshold", s.threshold());
        s.reasons().forEach(out.putArray("reasons")::add);
        s.warnings().forEach(out.putArray("warnings")::add);
        out.put("minfraudId", s.minfraudId());
        out.put("screenedAt", s.screenedAt() == null ? null : s.screenedAt().toString());
        out.put("attempts", s.attempts());
        out.put("nextTryAt", s.nextTryAt() == null ? null : s.nextTryAt().toString());
        out.put("problem", s.problem());
        return out;
    }
}
