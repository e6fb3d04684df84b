package io.orderhook.sweep;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.processing.ShopConnections;
import io.orderhook.shop.ListedOrder;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.SweepSettings;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.SweepStore;

/**
 * One shop's sweep: lists the orders modified since the watermark (less the overlap) and up to
 * the settle time, oldest change first, and puts each version of an order of the shop's payment
 * methods that no delivery brought into the inbox, exactly as the receiver would (one conditional
 * put; the processor cannot tell the difference but by the item's {@code source}). An order is
 * already there when an item of its {@code date_modified_gmt} holds the same JSON (a webhook's
 * bytes may differ from the list's, and two saves in one second share the date). The watermark
 * moves after each page is stored, so a run cut short loses nothing; orders listed twice (the
 * overlap, an order saved again while paging moves to the end) find their version stored.
 */
public final class ShopSweep {
    /** WordPress's largest page. */
    static final int PAGE_SIZE = 100;
    /** At most this many pages per shop and run (1,000 orders): the next run goes on from the watermark. */
    static final int MAX_PAGES = 10;
    /** Where the first run of a shop starts. */
    static final Duration FIRST_LOOKBACK = Duration.ofHours(1);
    static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ShopConfigStore configs;
    private final ShopConnections connections;
    private final InboxStore inbox;
    private final SweepStore store;

    public ShopSweep(ShopConfigStore configs, ShopConnections connections, InboxStore inbox, SweepStore store) {
        this.configs = configs;
        this.connections = connections;
        this.inbox = inbox;
        this.store = store;
    }

    /**
     * What one run over one shop did.
     *
     * @param listed   orders the shop listed
     * @param caughtUp changes stored that no delivery had brought
     * @param problem  what went wrong with the order list, in a sentence for the operator; null when all went well
     * @param webhook  the order webhook's status (active, reactivated, paused, disabled, missing, unknown), null when not checked
     * @param webhookProblem what is wrong with the webhook, or null
     */
    public record Result(String shopId, long listed, long caughtUp, String problem, String webhook, String webhookProblem) {
        Result(String shopId, long listed, long caughtUp, String problem) {
            this(shopId, listed, caughtUp, problem, null, null);
        }

        public boolean ok() {
            return problem == null;
        }

        Result withWebhook(WebhookHealth.Finding finding) {
            return new Result(shopId, listed, caughtUp, problem, finding.status(), finding.problem());
        }
    }

    public Result run(String shopId, Instant now) {
        Optional<ShopConfig> found = configs.read(shopId);
        if (found.isEmpty()) {
            return new Result(shopId, 0, 0, "shop " + shopId + " has no configuration; nothing was swept");
        }
        ShopConfig config = found.get();
        SweepSettings settings = config.settings().sweep();
        Instant until = now.minusSeconds(settings.settleSeconds());
        Instant from = store.find(shopId).map(SweepState::watermarkGmt).map(ShopSweep::parse)
                .map(w -> w.minusSeconds(settings.overlapSeconds()))
                .orElse(until.minus(FIRST_LOOKBACK));
        ShopClient client;
        try {
            client = connections.shop(config);
        } catch (RuntimeException e) {
            Result failed = new Result(shopId, 0, 0, "the shop's REST key could not be read (" + e.getClass().getSimpleName()
                    + "); connect the shop again");
            store.recordRun(shopId, now, failed.problem(), 0, 0);
            return failed;
        }
        Result result = from.isBefore(until) ? sweep(client, config, from, until, now) : new Result(shopId, 0, 0, null);
        store.recordRun(shopId, now, result.ok() ? "ok" : result.problem(), result.listed(), result.caughtUp());
        if (!result.ok()) {
            // The shop did not answer the order list: its webhooks would not answer either.
            return result;
        }
        WebhookHealth.Finding webhook = WebhookHealth.check(client, shopId, settings.reactivateWebhook());
        store.recordWebhook(shopId, now, webhook.status());
        return result.withWebhook(webhook);
    }

    private Result sweep(ShopClient client, ShopConfig config, Instant from, Instant until, Instant now) {
        String shopId = config.shopId();
        long listed = 0;
        long caughtUp = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            ShopResult<List<ListedOrder>> answer = client.ordersModified(WOO_GMT.format(from), WOO_GMT.format(until), page,
                    PAGE_SIZE);
            switch (answer.kind()) {
                case REJECTED -> {
                    ShopResult.Rejected<List<ListedOrder>> no = (ShopResult.Rejected<List<ListedOrder>>) answer;
                    return new Result(shopId, listed, caughtUp, "the shop refused to list its orders (" + no.httpStatus()
                            + " " + no.code() + ": " + no.message() + ")"
                            + (no.credentialsProblem() ? "; check the REST key's permissions, or connect the shop again" : ""));
                }
                case UNAVAILABLE -> {
                    return new Result(shopId, listed, caughtUp, "the shop could not be reached ("
                            + ((ShopResult.Unavailable<List<ListedOrder>>) answer).reason() + "); the next run tries again");
                }
                case OK -> { }
            }
            List<ListedOrder> orders = ((ShopResult.Ok<List<ListedOrder>>) answer).value();
            String newest = null;
            for (ListedOrder order : orders) {
                listed++;
                if (order.modifiedGmt().isEmpty()) {
                    continue;
                }
                if (config.settings().paymentMethods().contains(order.paymentMethod())
                        && store(shopId, order, now)) {
                    caughtUp++;
                }
                newest = newest == null || order.modifiedGmt().compareTo(newest) > 0 ? order.modifiedGmt() : newest;
            }
            if (newest != null) {
                store.advance(shopId, newest);
            }
            if (orders.size() < PAGE_SIZE) {
                // Every change before `until` is stored: the next run starts from there.
                store.advance(shopId, WOO_GMT.format(until));
                return new Result(shopId, listed, caughtUp, null);
            }
        }
        return new Result(shopId, listed, caughtUp, null);
    }

    /** True when this order, as listed, was not in the inbox and is now. */
    private boolean store(String shopId, ListedOrder order, Instant now) {
        JsonNode listed = comparable(order.body());
        if (inbox.versionBodies(shopId, order.orderId(), order.modifiedGmt()).stream()
                .anyMatch(stored -> listed != null && listed.equals(comparable(stored)))) {
            return false;
        }
        byte[] body = order.body().getBytes(StandardCharsets.UTF_8);
        InboxItem item = new InboxItem(shopId, order.orderId(), "order.updated", null, null, order.modifiedGmt(),
                BodyHash.of(body), order.body(), now, InboxItem.SOURCE_SWEEP);
        return inbox.put(item, body) instanceof InboxStore.Put.Stored;
    }

    /**
     * The order's JSON without {@code _links} (the list and a webhook may differ there): equal
     * trees are the same change, whatever the key order or escaping. Null when it is not JSON.
     */
    private static JsonNode comparable(String body) {
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (tree instanceof ObjectNode object) {
                object.remove("_links");
            }
            return tree;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Instant parse(String gmt) {
        try {
            return LocalDateTime.parse(gmt).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("stored sweep watermark '" + gmt + "' is not yyyy-MM-ddTHH:mm:ss", e);
        }
    }
}
