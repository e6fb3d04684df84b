package io.orderhook.shop.woocommerce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.shop.ShopResult;

/**
 * A shop's webhooks through the WooCommerce REST API v3 ({@code /webhooks}): what
 * {@code orderhook connect} reads, creates, repairs and removes. The secret is write-only in
 * WooCommerce; no answer ever carries it.
 */
public final class WooWebhooks {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** WordPress caps per_page at 100. */
    private static final int PAGE = 100;

    /** A webhook as the REST API shows it. */
    public record Webhook(long id, String name, String status, String topic, String deliveryUrl, String dateModifiedGmt) {
        static Webhook of(JsonNode json) {
            return new Webhook(json.path("id").asLong(), json.path("name").asText(""), json.path("status").asText(""),
                    json.path("topic").asText(""), json.path("delivery_url").asText(""),
                    json.path("date_modified_gmt").asText(""));
        }
    }

    private final WooCommerceRestClient client;

    public WooWebhooks(WooCommerceRestClient client) {
        this.client = client;
    }

    /** Every webhook of the shop, whatever its status, lowest id first. */
    public ShopResult<List<Webhook>> list() {
        List<Webhook> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            ShopResult<JsonNode> answer = client.request("GET", "/webhooks", Map.of("status", "all", "per_page",
                    Integer.toString(PAGE), "page", Integer.toString(page), "orderby", "id", "order", "asc"), null);
            if (!(answer instanceof ShopResult.Ok<JsonNode> ok)) {
                return cast(answer);
            }
            ok.value().forEach(json -> all.add(Webhook.of(json)));
            if (ok.value().size() < PAGE) {
                return new ShopResult.Ok<>(List.copyOf(all));
            }
        }
    }

    /** {@code POST /webhooks}: WooCommerce makes it active and pings the delivery URL before answering. */
    public ShopResult<Webhook> create(String name, String topic, String deliveryUrl, String secret) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("name", name);
        body.put("topic", topic);
        body.put("delivery_url", deliveryUrl);
        body.put("secret", secret);
        body.put("status", "active");
        return map(client.request("POST", "/webhooks", Map.of(), body), Webhook::of);
    }

    /** {@code PUT /webhooks/{id}} with only the fields given. */
    public ShopResult<Webhook> update(long id, ObjectNode change) {
        return map(client.request("PUT", "/webhooks/" + id, Map.of(), change), Webhook::of);
    }

    /** {@code DELETE /webhooks/{id}?force=true}: webhooks have no trash. */
    public ShopResult<Webhook> delete(long id) {
        return map(client.request("DELETE", "/webhooks/" + id, Map.of("force", "true"), null), Webhook::of);
    }

    private static <T> ShopResult<T> map(ShopResult<JsonNode> result, Function<JsonNode, T> convert) {
        return result instanceof ShopResult.Ok<JsonNode> ok ? new ShopResult.Ok<>(convert.apply(ok.value())) : cast(result);
    }

    @SuppressWarnings("unchecked")
    private static <T> ShopResult<T> cast(ShopResult<JsonNode> failed) {
        // Rejected and Unavailable carry no value: the same record serves any T.
        return (ShopResult<T>) (ShopResult<?>) failed;
    }
}
