package io.orderhook.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.orderhook.testkit.billmate.SandboxFault;

/**
 * A merchant marks 1,000 processing orders "shipped" at once (a bulk action; "shipped" is a
 * custom status registered in the shop and set as the shop's capture status). Every change
 * goes through the whole local stack; every activatePayment call waits 100 ms at the Billmate
 * sandbox. Printed: whether all 1,000 were activated exactly once (the sandbox's call counts),
 * the wall time from the bulk action to the last activation with nothing left to process,
 * beside the ideal {@code orders x latency / parallelism} (the poller's parallelization
 * factor: that many orders are processed at a time, one after another within a batch), and
 * the peak heap used by the whole stack (DynamoDB Local included), sampled every 20 ms.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.BulkShipBenchmark [--orders 1000] [--latency-ms 100] [--parallelism 4]</pre>
 */
public final class BulkShipBenchmark {

    public static void main(String[] args) throws Exception {
        int orders = BenchArgs.intOption(args, "--orders", 1000);
        int latencyMs = BenchArgs.intOption(args, "--latency-ms", 100);
        int parallelism = BenchArgs.intOption(args, "--parallelism", 4);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);

        DynamoRequests receiverRequests = new DynamoRequests();
        DynamoRequests processorRequests = new DynamoRequests();
        try (BenchStack stack = new BenchStack("shipped", parallelism, receiverRequests, processorRequests)) {
            System.out.printf(Locale.ROOT, "bulk ship: %d orders, activatePayment latency %d ms, poller parallelism %d, %d cores, max heap %d MiB%n",
                    orders, latencyMs, parallelism, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            List<String[]> placed = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                placed.add(stack.checkout());
            }
            stack.settle();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            peakHeap.set(heapBefore);
            sampler.start();
            stack.sandbox.inject("activatePayment", orders * 2, new SandboxFault.Latency(Duration.ofMillis(latencyMs)));
            processorRequests.reset();

            java.time.Instant bulkStart = java.time.Instant.now();
            long started = System.nanoTime();
            for (String[] order : placed) {
                stack.shop.setStatus(order[0], "shipped");
            }
            long bulkActionMillis = (System.nanoTime() - started) / 1_000_000;
            stack.awaitActivated(placed, Duration.ofMinutes(30));
            long lastActivation = System.nanoTime();
            stack.settle();
            long drained = System.nanoTime();
            sampler.interrupt();

            int activatedOnce = 0;
            int wrong = 0;
            for (String[] order : placed) {
                int calls = stack.sandbox.calls("activatePayment", order[1]);
                if (calls == 1 && stack.activated(order[1])) {
                    activatedOnce++;
                } else {
                    wrong++;
                }
            }
            double wall = (lastActivation - started) / 1e9;
            // The shop sends its webhooks one after another (one delivery queue, as WooCommerce's
            // Action Scheduler does): when did the last "shipped" delivery go out?
            List<io.orderhook.testkit.woocommerce.DeliveredWebhook> sent = stack.shop.deliveries().stream()
                    .filter(d -> d.sentAt().isAfter(bulkStart)).toList();
            // The delivery of each merchant's change is the order's first one after the bulk action
            // (later ones are the echoes of orderhook's write-backs).
            java.util.Map<String, java.time.Instant> firstPerOrder = new java.util.HashMap<>();
            sent.forEach(d -> firstPerOrder.merge(d.orderId(), d.sentAt(), (a, b) -> a.isBefore(b) ? a : b));
            java.time.Instant lastShipped = firstPerOrder.values().stream().max(java.time.Instant::compareTo).orElse(bulkStart);
            double wallDrained = (drained - started) / 1e9;
            double ideal = orders * (latencyMs / 1000.0) / parallelism;
            System.out.println();
            System.out.printf(Locale.ROOT, "merchant's bulk action (%d status changes in the shop): %d ms%n", orders, bulkActionMillis);
            System.out.printf(Locale.ROOT, "the shop sent %d webhooks after the bulk action (the changes and the echoes of orderhook's"
                    + " write-backs); the last merchant's change went out %.1f s after the bulk action%n",
                    sent.size(), java.time.Duration.between(bulkStart, lastShipped).toMillis() / 1000.0);
            System.out.println("| orders | activated exactly once | latency | parallelism | ideal wall time | wall time to last activation | efficiency (target >= 0.8) | until nothing left to process | processor DynamoDB requests per order | heap used before | peak heap used |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| %d | %d%s | %d ms | %d | %.1f s | %.1f s | **%.2f** | %.1f s | %.2f | %d MiB | %d MiB |%n",
                    orders, activatedOnce, wrong == 0 ? "" : " (" + wrong + " NOT)", latencyMs, parallelism, ideal, wall,
                    ideal / wall, wallDrained, processorRequests.count() / (double) orders,
                    heapBefore / (1024 * 1024), peakHeap.get() / (1024 * 1024));
            if (wrong > 0) {
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
