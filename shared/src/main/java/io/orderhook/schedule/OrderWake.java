package io.orderhook.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;

/**
 * Wakes an order that no webhook brings: reads it from the shop ({@code GET /orders/{id}}) and puts
 * it into the inbox like a delivery, so the processor takes it in order with the order's other
 * changes. The inbox item's key is the body's hash with a suffix naming why it was woken, so a second
 * wake for the same reason before the processor got to it stores nothing new.
 */
public final class OrderWake {
    /** What a wake adds to a job's counts. */
    public static final String WOKEN = "woken";
    public static final String ALREADY_WOKEN = "already-woken";
    public static final String NOT_READ = "not-read";

    /** A job's report counts, all zero: the job's own names and the three outcomes of a wake. */
    public static Map<String, Long> zeroCounts(String... own) {
        Map<String, Long> counts = new TreeMap<>();
        for (String name : own) {
            counts.put(name, 0L);
        }
        for (String outcome : List.of(WOKEN, ALREADY_WOKEN, NOT_READ)) {
            counts.put(outcome, 0L);
        }
        return counts;
    }

    private final ShopConnections connections;
    private final InboxStore inbox;

    public OrderWake(ShopConnections connections, InboxStore inbox) {
        this.connections = connections;
        this.inbox = inbox;
    }

    /**
     * @param source    the inbox item's source ("due-retry")
     * @param keySuffix what makes this wake's item differ from the order's deliveries ("-due-{ms}")
     * @param purpose   what waits when the order cannot be read, for the problems ("its retry")
     * @return one of {@link #WOKEN}, {@link #ALREADY_WOKEN}, {@link #NOT_READ}
     */
    public String wake(ShopConfig config, String orderId, String source, String keySuffix, String purpose, Instant now,
            List<String> problems) {
        String shopId = config.shopId();
        ShopResult<String> read = connections.shop(config).orderJson(orderId);
        switch (read.kind()) {
            case OK -> {
                String body = ((ShopResult.Ok<String>) read).value();
                String modified = modified(body);
                if (modified.isEmpty()) {
                    problems.add("shop " + shopId + " gave order " + orderId + " without date_modified_gmt; " + purpose + " waits");
                    return NOT_READ;
                }
                InboxItem item = new InboxItem(shopId, orderId, "order.updated", source, null, modified,
                        BodyHash.of(body.getBytes(StandardCharsets.UTF_8)) + keySuffix, body, now);
                InboxStore.Put put = inbox.put(item);
                if (put instanceof InboxStore.Put.TooLarge) {
                    problems.add("order " + orderId + " of shop " + shopId + " is too large to store for " + purpose);
                    return NOT_READ;
                }
                return put instanceof InboxStore.Put.Duplicate ? ALREADY_WOKEN : WOKEN;
            }
            case REJECTED -> {
                ShopResult.Rejected<String> rejected = (ShopResult.Rejected<String>) read;
                problems.add("shop " + shopId + " refused to give order " + orderId + " for " + purpose + ": "
                        + rejected.httpStatus() + " " + rejected.message());
                return NOT_READ;
            }
            case UNAVAILABLE -> {
                problems.add("shop " + shopId + " is unavailable; order " + orderId + " waits for the next run for " + purpose
                        + ": " + ((ShopResult.Unavailable<String>) read).reason());
                return NOT_READ;
            }
        }
        throw new IllegalStateException("every kind is handled above");
    }

    /** The order's {@code date_modified_gmt} as the shop wrote it, the inbox's ordering key. */
    private static String modified(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return json.path("date_modified_gmt").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
