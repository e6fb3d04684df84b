package io.orderhook.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.store.OrderDeliveries;

/**
 * {@code GET /admin/shops/{shopId}/orders/{orderId}/timeline}: the order view ({@link OrderView})
 * and the versions of the order the inbox kept, merged into one list by time, so the console can
 * tell the order's story in order: each delivery, what the processor logged of its decision (the
 * debug log, when it was on), each provider call with its result (the ledger) and each note with
 * its delivery to the shop. Events of the same instant keep that order.
 */
final class OrderTimeline {
    private enum Kind { DELIVERY, LOG, PROVIDER, NOTE }

    private record Event(String at, Kind kind, JsonNode data) {}

    private final OrderView orders;
    private final OrderDeliveries deliveries;

    OrderTimeline(OrderView orders, OrderDeliveries deliveries) {
        this.orders = orders;
        this.deliveries = deliveries;
    }

    AdminApi.Answer timeline(String shopId, String orderId) {
        AdminApi.Answer view = orders.order(shopId, orderId);
        if (view.status() != 200) {
            return view;
        }
        ObjectNode out = read(view.body());
        List<Event> events = new ArrayList<>();
        for (OrderDeliveries.Delivery d : deliveries.forOrder(shopId, orderId)) {
            ObjectNode data = Json.MAPPER.createObjectNode();
            data.put("source", d.source());
            data.put("topic", d.topic());
            data.put("deliveryId", d.deliveryId());
            data.put("modifiedGmt", d.modifiedGmt());
            data.put("status", d.status());
            events.add(new Event(d.receivedAt() == null ? d.modifiedGmt() + "Z" : d.receivedAt().toString(), Kind.DELIVERY, data));
        }
        out.path("debugLog").forEach(e -> events.add(new Event(e.path("at").asText(), Kind.LOG, e)));
        out.path("ledger").forEach(e -> events.add(new Event(e.path("at").asText(), Kind.PROVIDER, e)));
        out.path("notes").forEach(e -> events.add(new Event(e.path("at").asText(), Kind.NOTE, e)));
        events.sort(Comparator.comparing((Event e) -> Instant.parse(e.at())).thenComparing(Event::kind));
        ArrayNode list = out.putArray("events");
        for (Event e : events) {
            ObjectNode event = list.addObject();
            event.put("at", e.at());
            event.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            event.set("data", e.data());
        }
        return Answers.ok(out);
    }

    private static ObjectNode read(String body) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the order view answered JSON it cannot read back", e);
        }
    }
}
