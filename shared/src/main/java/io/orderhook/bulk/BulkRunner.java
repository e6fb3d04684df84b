package io.orderhook.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderhook.bulk.OrderAction.Result;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.store.BulkJobStore;

/**
 * Makes bulk jobs and advances them: the orders not tried yet, {@link BulkJob#concurrency()} at a
 * time, until a time budget is spent (an API Gateway request has 30 seconds), then the results are
 * stored. Each order goes through {@link OrderActions}, so an order done by an earlier job, by
 * another poller or by the shop's own webhook is found already done, never done twice.
 */
public final class BulkRunner {
    private final OrderActions actions;
    private final BulkJobStore jobs;
    private final Clock clock;

    public BulkRunner(OrderActions actions, BulkJobStore jobs, Clock clock) {
        this.actions = actions;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** A new job over these orders (duplicates dropped), stored before anything is done. */
    public BulkJob start(String shopId, OrderAction action, List<String> orderIds, int concurrency) {
        Instant now = clock.instant();
        String jobId = now.toEpochMilli() + "-" + UUID.randomUUID().toString().substring(0, 8);
        BulkJob job = new BulkJob(shopId, jobId, action, orderIds.stream().distinct().toList(),
                Math.max(1, Math.min(BulkJob.MAX_CONCURRENCY, concurrency)), Map.of(), now, 0);
        return jobs.save(job).orElseThrow(() -> new IllegalStateException("bulk job id " + jobId + " is taken"));
    }

    /** The shop's orders of a status modified after a time (null: any time), through its REST API. */
    public ShopResult<List<String>> select(ShopConfig config, String status, Instant modifiedAfter) {
        return actions.shop(config).orderIds(status, modifiedAfter);
    }

    /** One order's action; what throws (DynamoDB unreachable) fails that order only, to be run again. */
    private Result safely(ShopConfig config, OrderAction action, String orderId) {
        try {
            return actions.run(config, action, orderId);
        } catch (RuntimeException e) {
            return new Result(orderId, OrderAction.Outcome.FAILED, "not finished, run it again: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Works on the job for about {@code budget}: an order is started only while time is left, and
     * those started are finished. Answers the job as stored afterwards.
     */
    public BulkJob advance(ShopConfig config, BulkJob job, Duration budget) {
        List<String> left = job.left();
        if (left.isEmpty()) {
            return job;
        }
        // Real time, not the business clock (which tests may hold still).
        long deadline = System.nanoTime() + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(job.concurrency(), left.size()), r -> {
            Thread thread = new Thread(r, "orderhook-bulk");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Result>> running = new ArrayList<>();
        try {
            for (String orderId : left) {
                running.add(pool.submit(() -> System.nanoTime() - deadline > 0 ? null : safely(config, job.action(), orderId)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> future : running) {
                Result result = future.get();
                if (result != null) {
                    results.add(result);
                }
            }
            // Another poller stored first: its results stand, and ours are found already done next time.
            return jobs.save(job.with(results, job.version()))
                    .orElseGet(() -> jobs.find(job.shopId(), job.jobId()).orElse(job));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a bulk action failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
