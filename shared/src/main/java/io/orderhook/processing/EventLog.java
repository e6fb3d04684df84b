package io.orderhook.processing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON line per event (shop, order, step, outcome, detail) for CloudWatch. Only ids,
 * keys, outcomes and reasons go in: never a body, a secret or a customer's data.
 */
public final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Consumer<String> sink;

    public EventLog(Consumer<String> sink) {
        this.sink = sink;
    }

    public static EventLog standardOut() {
        return new EventLog(System.out::println);
    }

    public void event(String shop, String order, String step, String outcome, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("shop", shop);
        line.put("order", order);
        line.put("step", step);
        line.put("outcome", outcome);
        if (detail != null) {
            line.put("detail", io.orderhook.store.LogRedaction.redact(detail));
        }
        try {
            sink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"outcome\":\"log-error\"}");
        }
    }
}
