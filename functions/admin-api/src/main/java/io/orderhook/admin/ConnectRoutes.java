package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;
import static io.orderhook.admin.AdminInput.parseObject;
import static io.orderhook.admin.AdminInput.requireOnly;
import static io.orderhook.admin.AdminInput.requireShopId;
import static io.orderhook.admin.AdminInput.text;
import static io.orderhook.admin.AdminInput.url;

import java.net.URI;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.connect.ShopConnector;
import io.orderhook.json.Json;
import io.orderhook.shop.RestAuth;

/**
 * {@code POST /admin/shops/{shopId}/connect} and {@code POST .../disconnect}: a WooCommerce
 * shop's REST key checked and stored, its order webhooks created or repaired, or removed
 * ({@link ShopConnector}).
 */
final class ConnectRoutes {
    private static final Set<String> CONNECT_FIELDS = Set.of("url", "key", "secret", "auth", "deliveryUrl", "billmate");
    private static final Set<String> BILLMATE_FIELDS = Set.of("id", "secret", "endpoint", "testMode");

    private final ShopConnector connector;

    ConnectRoutes(ShopConnector connector) {
        this.connector = connector;
    }

    /**
     * {@code {"url", "key", "secret", "auth"?, "deliveryUrl"?, "billmate"?: {"id", "secret", "endpoint"?, "testMode"?}}}:
     * 200 with the report when the shop is connected; 409 {@code not-connected} with the report and
     * its reason when the shop refused or could not be reached (nothing about the webhooks changed then).
     *
     * @param webhookBase where orderhook's webhook route is ({@code https://{domain}{stage}/webhooks/woocommerce/}), null locally
     */
    Answer connect(String shopId, String body, String webhookBase) {
        requireShopId(shopId);
        JsonNode request = parseObject(body);
        requireOnly(request, CONNECT_FIELDS, "connect");
        ShopConnector.NewProvider provider = request.has("billmate") ? billmate(request.get("billmate")) : null;
        RestAuth auth;
        try {
            auth = RestAuth.parse(request.has("auth") ? text(request, "auth") : null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        URI deliveryUrl = deliveryUrl(request, shopId, webhookBase);
        try {
            return reportAnswer(connector.connect(new ShopConnector.ConnectRequest(shopId, url(text(request, "url"), "url"),
                    text(request, "key"), text(request, "secret"), auth, deliveryUrl, provider)));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** {@code {"deliveryUrl"?}}: removes the shop's webhooks to orderhook. */
    Answer disconnect(String shopId, String body, String webhookBase) {
        requireShopId(shopId);
        JsonNode request = parseObject(body);
        requireOnly(request, Set.of("deliveryUrl"), "disconnect");
        try {
            return reportAnswer(connector.disconnect(shopId, deliveryUrl(request, shopId, webhookBase)));
        } catch (ShopConnector.UnknownShop e) {
            return Answers.unknownShop(shopId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static ShopConnector.NewProvider billmate(JsonNode billmate) {
        if (!billmate.isObject()) {
            throw new BadRequest("billmate must be an object {\"id\", \"secret\", \"endpoint\", \"testMode\"}");
        }
        requireOnly(billmate, BILLMATE_FIELDS, "billmate");
        return new ShopConnector.NewProvider(text(billmate, "id"), text(billmate, "secret"),
                billmate.has("endpoint") ? text(billmate, "endpoint") : "https://api.billmate.se/",
                !billmate.has("testMode") || boolField(billmate, "testMode"));
    }

    private static Answer reportAnswer(ShopConnector.Report report) {
        ObjectNode out = Json.MAPPER.valueToTree(report);
        out.put("status", report.ok() ? "connected" : "not-connected");
        if (!report.ok()) {
            out.put("reason", report.problem());
        }
        return Answers.of(report.ok() ? 200 : 409, out);
    }

    private static URI deliveryUrl(JsonNode request, String shopId, String webhookBase) {
        if (request.has("deliveryUrl")) {
            return url(text(request, "deliveryUrl"), "deliveryUrl");
        }
        if (webhookBase == null) {
            throw new BadRequest("give deliveryUrl: where the shop sends its webhooks (orderhook's /webhooks/woocommerce/"
                    + shopId + ")");
        }
        return URI.create(webhookBase + shopId);
    }
}
