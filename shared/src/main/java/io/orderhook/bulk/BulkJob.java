package io.orderhook.bulk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.bulk.OrderAction.Outcome;
import io.orderhook.bulk.OrderAction.Result;

/**
 * One bulk action over a list of orders, and what became of each order so far. Advanced a slice
 * at a time by whoever asks for its progress (the admin API's GET), so it needs no worker of its
 * own and an interrupted job simply waits for the next request.
 *
 * @param shopId      the shop
 * @param jobId       the job's id (time-ordered)
 * @param action      what is done to each order
 * @param orderIds    the orders, in the order they are done
 * @param concurrency how many orders are worked on at once
 * @param results     per order id, the outcome of the orders tried so far
 * @param createdAt   when the job was made
 * @param version     0 before it is stored; the store increments it on every write
 */
public record BulkJob(String shopId, String jobId, OrderAction action, List<String> orderIds, int concurrency,
        Map<String, Result> results, Instant createdAt, long version) {

    /** The most orders one job takes: its results stay far below DynamoDB's 400 KB item limit. */
    public static final int MAX_ORDERS = 1_000;
    public static final int MAX_CONCURRENCY = 16;

    public BulkJob {
        orderIds = List.copyOf(orderIds);
        results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** The orders not tried yet (a failed one is tried again by the next job over the same orders). */
    public List<String> left() {
        return orderIds.stream().filter(id -> !results.containsKey(id)).toList();
    }

    /** Every order was tried. */
    public boolean finished() {
        return orderIds.stream().allMatch(results::containsKey);
    }

    public long count(Outcome outcome) {
        return results.values().stream().filter(r -> r.outcome() == outcome).count();
    }

    public BulkJob with(List<Result> more, long newVersion) {
        Map<String, Result> all = new LinkedHashMap<>(results);
        more.forEach(r -> all.put(r.orderId(), r));
        return new BulkJob(shopId, jobId, action, orderIds, concurrency, all, createdAt, newVersion);
    }
}
