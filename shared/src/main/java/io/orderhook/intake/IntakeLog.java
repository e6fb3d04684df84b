package io.orderhook.intake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.orderhook.json.Json;

/**
 * One JSON line per delivery: shop, order, topic, outcome, timing. Never the body, the
 * signature or a secret; the reason texts are ours and name no secret value.
 */
public final class IntakeLog {
    private final Consumer<String> sink;

    public IntakeLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Lambda sends stdout to CloudWatch Logs, one event per line. */
    public static IntakeLog stdout() {
        return new IntakeLog(System.out::println);
    }

    void delivery(WebhookDelivery delivery, String orderId, IntakeOutcome outcome, long micros) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "webhook");
        line.put("shop", delivery.shopId());
        if (orderId != null) {
            line.put("order", orderId);
        }
        putIfPresent(line, "topic", delivery.header(WebhookDelivery.TOPIC));
        putIfPresent(line, "deliveryId", delivery.header(WebhookDelivery.DELIVERY_ID));
        line.put("outcome", outcome.status());
        line.put("http", outcome.httpStatus());
        String why = outcome instanceof IntakeOutcome.Ignored ignored ? ignored.why() : outcome.reason();
        putIfPresent(line, "reason", why);
        line.put("bodyBytes", delivery.body().length);
        line.put("micros", micros);
        sink.accept(Json.write(line));
    }

    private static void putIfPresent(Map<String, Object> line, String name, String value) {
        if (value != null && !value.isEmpty()) {
            line.put(name, value.length() > 200 ? value.substring(0, 200) : value);
        }
    }
}
