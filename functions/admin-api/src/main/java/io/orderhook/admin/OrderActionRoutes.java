package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.requireShopId;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.bulk.BulkJob;
import io.orderhook.bulk.BulkRunner;
import io.orderhook.bulk.OrderAction;
import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderActions;
import io.orderhook.json.Json;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.BulkJobStore;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code POST /admin/shops/{shopId}/orders/{orderId}/capture} (capture on request), and bulk jobs:
 * {@code POST .../bulk} makes one over listed orders or the shop's orders of a status, and
 * {@code GET .../bulk/{jobId}} advances it by a slice and answers its progress and results. A job
 * needs no worker: it moves while someone asks how it is going (the CLI polls), and an interrupted
 * one waits.
 */
final class OrderActionRoutes {
    /** How long one request works on a job: well inside API Gateway's 30 seconds, short enough for a live progress bar. */
    static final Duration SLICE = Duration.ofSeconds(2);
    private static final Set<String> BULK_FIELDS = Set.of("action", "orders", "status", "modifiedAfter", "concurrency");

    private final ShopConfigStore shops;
    private final OrderActions actions;
    private final BulkRunner bulk;
    private final BulkJobStore jobs;

    OrderActionRoutes(ShopConfigStore shops, OrderActions actions, BulkRunner bulk, BulkJobStore jobs) {
        this.shops = shops;
        this.actions = actions;
        this.bulk = bulk;
        this.jobs = jobs;
    }

    Answer capture(String shopId, String orderId) {
        requireShopId(shopId);
        Optional<ShopConfig> config = shops.read(shopId);
        if (config.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        OrderAction.Result result = actions.run(config.get(), OrderAction.CAPTURE, orderId);
        ObjectNode out = result(result);
        out.put("shopId", shopId);
        return Answers.of(status(result.outcome()), out);
    }

    Answer start(String shopId, String body) {
        requireShopId(shopId);
        Optional<ShopConfig> config = shops.read(shopId);
        if (config.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        JsonNode request = AdminInput.parseObject(body);
        AdminInput.requireOnly(request, BULK_FIELDS, "a bulk job");
        OrderAction action;
        try {
            action = OrderAction.parse(AdminInput.text(request, "action"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        int concurrency = request.has("concurrency") ? (int) AdminInput.longField(request, "concurrency") : 4;
        if (concurrency < 1 || concurrency > BulkJob.MAX_CONCURRENCY) {
            throw new BadRequest("concurrency must be 1 to " + BulkJob.MAX_CONCURRENCY + ", not " + concurrency);
        }
        List<String> orders;
        if (request.has("orders") == request.has("status")) {
            throw new BadRequest("name the orders either as \"orders\": [\"1\", \"2\"] or as \"status\" (with an optional "
                    + "\"modifiedAfter\", e.g. \"2026-12-01T00:00:00Z\")");
        } else if (request.has("orders")) {
            orders = orderIds(request.get("orders"));
        } else {
            ShopResult<List<String>> listed = bulkSelection(config.get(), request);
            if (!(listed instanceof ShopResult.Ok<List<String>> ok)) {
                String why = listed instanceof ShopResult.Rejected<List<String>> r ? r.httpStatus() + " " + r.message()
                        : ((ShopResult.Unavailable<List<String>>) listed).reason();
                return Answers.error(502, "shop", "the shop's order list could not be read: " + why);
            }
            orders = ok.value();
        }
        if (orders.size() > BulkJob.MAX_ORDERS) {
            throw new BadRequest(orders.size() + " orders: one job takes at most " + BulkJob.MAX_ORDERS + "; split the list");
        }
        BulkJob job = bulk.start(shopId, action, orders, concurrency);
        return Answers.of(202, json(job));
    }

    Answer progress(String shopId, String jobId) {
        requireShopId(shopId);
        Optional<ShopConfig> config = shops.read(shopId);
        if (config.isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        Optional<BulkJob> job = jobs.find(shopId, jobId);
        if (job.isEmpty()) {
            return Answers.error(404, "unknown-job", "shop " + shopId + " has no bulk job " + AdminInput.printable(jobId)
                    + " (jobs are kept for a week)");
        }
        return Answers.ok(json(bulk.advance(config.get(), job.get(), SLICE)));
    }

    private ShopResult<List<String>> bulkSelection(ShopConfig config, JsonNode request) {
        String status = AdminInput.text(request, "status");
        Instant after = null;
        if (request.has("modifiedAfter")) {
            try {
                after = Instant.parse(AdminInput.text(request, "modifiedAfter"));
            } catch (DateTimeParseException e) {
                throw new BadRequest("modifiedAfter must be a UTC time such as 2026-12-01T00:00:00Z, not "
                        + request.get("modifiedAfter"));
            }
        }
        return bulk.select(config, status, after);
    }

    private static List<String> orderIds(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new BadRequest("orders must be a non-empty list of WooCommerce order ids, e.g. [\"1201\", \"1202\"]");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : list) {
            String text = id.asText();
            if (!(id.isTextual() || id.canConvertToLong()) || !text.matches("[1-9][0-9]{0,18}")) {
                throw new BadRequest("order id " + id + " is not a WooCommerce order id (a positive number)");
            }
            ids.add(text);
        }
        return ids;
    }

    static ObjectNode json(BulkJob job) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", job.shopId());
        out.put("job", job.jobId());
        out.put("action", job.action().wireName());
        out.put("createdAt", job.createdAt().toString());
        out.put("total", job.orderIds().size());
        out.put("tried", job.results().size());
        out.put("finished", job.finished());
        ObjectNode counts = out.putObject("counts");
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.wireName(), job.count(outcome));
        }
        ArrayNode results = out.putArray("results");
        job.results().values().forEach(r -> results.add(result(r)));
        return out;
    }

    private static ObjectNode result(OrderAction.Result r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("orderId", r.orderId());
        out.put("outcome", r.outcome().wireName());
        out.put("detail", r.detail());
        return out;
    }

    /** Done and already done are 200; a refusal 409 (the detail says why); a failure 503 (run it again). */
    private static int status(Outcome outcome) {
        return switch (outcome) {
            case DONE, ALREADY_DONE -> 200;
            case REFUSED -> 409;
            case FAILED -> 503;
        };
    }
}
