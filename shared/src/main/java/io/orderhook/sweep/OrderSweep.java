package io.orderhook.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderhook.schedule.ScheduledJob;
import io.orderhook.store.ShopConfigStore;

/**
 * The sweep over every shop: WooCommerce never retries a delivery and disables a webhook after a
 * run of failures, so each run asks every shop for the orders changed since the last, and stores
 * what no delivery brought ({@link ShopSweep}). Shops are swept side by side, each on its own
 * thread, within a time budget: a shop that is down or slow costs its own run, never another's.
 */
public final class OrderSweep implements ScheduledJob {
    public static final String NAME = "sweep";
    /** The report's counts, which become metrics of the same names (template.yaml's alarms watch the last three). */
    public static final String SHOPS = "shops";
    public static final String ORDERS_LISTED = "orders-listed";
    public static final String CAUGHT_UP = "caught-up";
    public static final String WEBHOOKS_DOWN = "webhooks-down";
    public static final String SHOPS_FAILED = "shops-failed";
    /** Shops swept at once. */
    static final int PARALLEL_SHOPS = 4;
    /** What one run may take; a shop not done by then goes on from its watermark next time. */
    static final Duration RUN_BUDGET = Duration.ofMinutes(4);

    private final ShopConfigStore configs;
    private final ShopSweep shops;

    public OrderSweep(ShopConfigStore configs, ShopSweep shops) {
        this.configs = configs;
        this.shops = shops;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Instant now) {
        List<String> ids = configs.shopIds();
        List<Callable<ShopSweep.Result>> work = ids.stream()
                .<Callable<ShopSweep.Result>>map(id -> () -> shops.run(id, now)).toList();
        List<ShopSweep.Result> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!work.isEmpty()) {
            ExecutorService threads = Executors.newFixedThreadPool(Math.min(PARALLEL_SHOPS, work.size()), r -> {
                Thread t = new Thread(r, "orderhook-sweep");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<ShopSweep.Result>> done = threads.invokeAll(work, RUN_BUDGET.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                for (int i = 0; i < done.size(); i++) {
                    results.add(outcome(ids.get(i), done.get(i)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("the sweep was interrupted");
            } finally {
                threads.shutdownNow();
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(SHOPS, (long) ids.size());
        counts.put(SHOPS_FAILED, results.stream().filter(r -> !r.ok()).count());
        counts.put(ORDERS_LISTED, results.stream().mapToLong(ShopSweep.Result::listed).sum());
        counts.put(CAUGHT_UP, results.stream().mapToLong(ShopSweep.Result::caughtUp).sum());
        counts.put(WEBHOOKS_DOWN, results.stream().filter(r -> r.webhookProblem() != null).count());
        results.stream().filter(r -> !r.ok()).forEach(r -> problems.add("shop " + r.shopId() + ": " + r.problem()));
        results.stream().filter(r -> r.webhookProblem() != null)
                .forEach(r -> problems.add("shop " + r.shopId() + ": " + r.webhookProblem()));
        results.stream().filter(r -> r.caughtUp() > 0).forEach(r -> problems.add("shop " + r.shopId() + ": "
                + r.caughtUp() + " change(s) reached orderhook only through the sweep; no delivery brought them"));
        return new Report(NAME, counts, problems);
    }

    /** Sweeps one shop now (the operator's command). */
    public ShopSweep.Result runShop(String shopId, Instant now) {
        return shops.run(shopId, now);
    }

    private static ShopSweep.Result outcome(String shopId, Future<ShopSweep.Result> future) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return new ShopSweep.Result(shopId, 0, 0, "the shop took longer than the sweep's budget; the next run "
                    + "goes on from its watermark");
        } catch (ExecutionException e) {
            return new ShopSweep.Result(shopId, 0, 0, "the sweep failed (" + e.getCause().getClass().getSimpleName()
                    + "); the next run tries again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ShopSweep.Result(shopId, 0, 0, "interrupted");
        }
    }
}
