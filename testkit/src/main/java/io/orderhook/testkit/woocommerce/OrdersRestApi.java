package io.orderhook.testkit.woocommerce;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.testkit.woocommerce.ShopRestApi.Answer;

/** The REST API v3's order endpoints: orders, their notes and their refunds, for an authenticated caller. */
final class OrdersRestApi {
    private static final Pattern ORDER = Pattern.compile("/orders/(\\d+)");
    private static final Pattern ORDER_NOTES = Pattern.compile("/orders/(\\d+)/notes");
    private static final Pattern ORDER_NOTE = Pattern.compile("/orders/(\\d+)/notes/(\\d+)");
    private static final Pattern ORDER_REFUNDS = Pattern.compile("/orders/(\\d+)/refunds");
    private static final Pattern ORDER_REFUND = Pattern.compile("/orders/(\\d+)/refunds/(\\d+)");

    private final SimulatedShop shop;

    OrdersRestApi(SimulatedShop shop) {
        this.shop = shop;
    }

    Answer route(String method, String path, Map<String, String> query, JsonNode body) {
        Matcher m;
        if (path.equals("/reports/orders/totals")) {
            if (!method.equals("GET")) {
                throw RestError.noRoute();
            }
            return new Answer(200, shop.orderTotals());
        }
        if (path.equals("/orders")) {
            return switch (method) {
                case "GET" -> {
                    SimulatedShop.Page page = shop.listOrders(query);
                    yield new Answer(200, page.items(), Map.of("X-WP-Total", Integer.toString(page.total()),
                            "X-WP-TotalPages", Integer.toString(page.totalPages())));
                }
                case "POST" -> new Answer(201, shop.createOrder(body, "rest-api"));
                default -> throw RestError.noRoute();
            };
        }
        if ((m = ORDER.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getOrder(orderId));
                case "PUT", "POST", "PATCH" -> new Answer(200, shop.updateOrder(orderId, body));
                case "DELETE" -> new Answer(200, shop.deleteOrder(orderId, "true".equals(query.get("force"))));
                default -> throw RestError.noRoute();
            };
        }
        if ((m = ORDER_NOTES.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.listNotes(orderId, query.getOrDefault("type", "any")));
                case "POST" -> new Answer(201, shop.createNote(orderId, body, OrderNote.Origin.REST_API, null));
                default -> throw RestError.noRoute();
            };
        }
        if ((m = ORDER_NOTE.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            long noteId = Long.parseLong(m.group(2));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getNote(orderId, noteId));
                case "DELETE" -> new Answer(200, shop.deleteNote(orderId, noteId, "true".equals(query.get("force"))));
                default -> throw RestError.noRoute();
            };
        }
        if ((m = ORDER_REFUNDS.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            return switch (method) {
                case "GET" -> new Answer(200, shop.listRefunds(orderId));
                case "POST" -> new Answer(201, shop.createRefund(orderId, body));
                default -> throw RestError.noRoute();
            };
        }
        if ((m = ORDER_REFUND.matcher(path)).matches()) {
            long orderId = Long.parseLong(m.group(1));
            long refundId = Long.parseLong(m.group(2));
            return switch (method) {
                case "GET" -> new Answer(200, shop.getRefund(orderId, refundId));
                case "DELETE" -> new Answer(200, shop.deleteRefund(orderId, refundId, "true".equals(query.get("force"))));
                default -> throw RestError.noRoute();
            };
        }
        throw RestError.noRoute();
    }
}
