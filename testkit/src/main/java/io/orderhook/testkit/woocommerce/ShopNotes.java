package io.orderhook.testkit.woocommerce;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An order's notes as WooCommerce keeps them: added by the REST API, the merchant or a status
 * change, listed newest first, deleted only with {@code force}. Adding a note does not save the
 * order (no webhook). Under the shop's lock.
 */
final class ShopNotes {
    private final SimulatedShop shop;

    ShopNotes(SimulatedShop shop) {
        this.shop = shop;
    }

    ObjectNode create(long orderId, JsonNode body, OrderNote.Origin origin, String author) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            String text = body.path("note").asText("");
            if (!body.hasNonNull("note")) {
                throw missingParameter("note");
            }
            if (text.isEmpty()) {
                throw new RestError(500, "woocommerce_api_cannot_create_order_note", "Cannot create order note, please try again.");
            }
            String noteAuthor = author != null ? author : body.path("added_by_user").asBoolean(false) ? "admin" : "system";
            OrderNote note = new OrderNote(shop.noteIds.getAndIncrement(), Long.toString(orderId), noteAuthor, shop.now(), text,
                    body.path("customer_note").asBoolean(false), origin);
            order.notes.add(note);
            // Adding a note does not save the order: no webhook, date_modified unchanged.
            return order.noteJson(note, shop.siteZone, shop.restBase());
        }
    }

    ArrayNode list(long orderId, String type) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            ArrayNode list = PhpJson.MAPPER.createArrayNode();
            for (int i = order.notes.size() - 1; i >= 0; i--) {
                OrderNote note = order.notes.get(i);
                boolean wanted = switch (type) {
                    case "customer" -> note.customerNote();
                    case "internal" -> !note.customerNote();
                    default -> true;
                };
                if (wanted) {
                    list.add(order.noteJson(note, shop.siteZone, shop.restBase()));
                }
            }
            return list;
        }
    }

    ObjectNode get(long orderId, long noteId) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            return order.noteJson(note(order, noteId), shop.siteZone, shop.restBase());
        }
    }

    ObjectNode delete(long orderId, long noteId, boolean force) {
        synchronized (shop.lock) {
            ShopOrder order = shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
            OrderNote note = note(order, noteId);
            if (!force) {
                throw new RestError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
            }
            order.notes.remove(note);
            return order.noteJson(note, shop.siteZone, shop.restBase());
        }
    }

    List<OrderNote> all(long orderId) {
        synchronized (shop.lock) {
            return List.copyOf(shop.order(orderId, 404, "woocommerce_rest_order_invalid_id", "Invalid order ID.").notes);
        }
    }

    private static OrderNote note(ShopOrder order, long noteId) {
        return order.notes.stream().filter(note -> note.id() == noteId).findFirst()
                .orElseThrow(() -> new RestError(404, "woocommerce_rest_invalid_id", "Invalid resource ID."));
    }

    private static RestError missingParameter(String name) {
        ObjectNode data = PhpJson.MAPPER.createObjectNode();
        data.putArray("params").add(name);
        return new RestError(400, "rest_missing_callback_param", "Missing parameter(s): " + name, data);
    }
}
