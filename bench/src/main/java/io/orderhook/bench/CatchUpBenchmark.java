package io.orderhook.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.testkit.billmate.SandboxFault;

/**
 * Catch-up: N processing orders were completed in the shop while orderhook heard nothing (an
 * outage), and their changes reach the table at once, as a sweep that reads the shop's orders
 * writes them; every {@code activatePayment} waits L at the Billmate sandbox (Billmate's real
 * latency is about a second). The same run does it twice on fresh stacks: with the processor's
 * in-batch concurrency, and with it off (the records of a batch one after another). Printed per
 * pass: the wall time from the first inbox write to the last activation beside the ideal
 * {@code N x L / (parallelism x in-batch concurrency)}, whether every payment was activated
 * exactly once (the sandbox's call counts), the processor's DynamoDB requests per change, and
 * the CPU per change by thread group (on a machine with few cores the stand-ins for AWS, the
 * shop and Billmate share its CPU with orderhook).
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.CatchUpBenchmark [--orders 400] [--latency-ms 1000] [--parallelism 4] [--concurrency 10]</pre>
 */
public final class CatchUpBenchmark {
    private static final int SWEEP_WRITERS = 4;

    record Pass(int concurrency, double idealSeconds, double wallSeconds, int activatedOnce, int wrong,
            double processorRequestsPerChange, Map<String, String> cpuMsPerChange) {}

    public static void main(String[] args) throws Exception {
        int orders = BenchArgs.intOption(args, "--orders", 400);
        int latencyMs = BenchArgs.intOption(args, "--latency-ms", 1000);
        int parallelism = BenchArgs.intOption(args, "--parallelism", 4);
        int concurrency = BenchArgs.intOption(args, "--concurrency", 10);
        System.out.printf(Locale.ROOT, "catch-up: %d orders' changes written at once, activatePayment latency %d ms,"
                + " poller parallelism %d, in-batch concurrency %d against 1, %d cores%n",
                orders, latencyMs, parallelism, concurrency, Runtime.getRuntime().availableProcessors());
        Pass on = pass(orders, latencyMs, parallelism, concurrency);
        Pass off = pass(orders, latencyMs, parallelism, 1);

        System.out.println();
        System.out.println("| in-batch concurrency | orders | latency | parallelism | ideal | wall time to last activation"
                + " | ideal / wall | activated exactly once | processor DynamoDB requests per change |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Pass p : List.of(on, off)) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d ms | %d | %.1f s | %.1f s | %.2f | %d%s | %.2f |%n", p.concurrency(),
                    orders, latencyMs, parallelism, p.idealSeconds(), p.wallSeconds(), p.idealSeconds() / p.wallSeconds(),
                    p.activatedOnce(), p.wrong() == 0 ? "" : " (" + p.wrong() + " NOT)", p.processorRequestsPerChange());
        }
        System.out.printf(Locale.ROOT, "%nin-batch concurrency %d is %.1f times as fast as without (target >= 5)%n",
                concurrency, off.wallSeconds() / on.wallSeconds());
        for (Pass p : List.of(on, off)) {
            System.out.println("CPU ms per change by thread group, in-batch concurrency " + p.concurrency() + ": "
                    + p.cpuMsPerChange());
        }
        System.exit(on.wrong() + off.wrong() == 0 ? 0 : 1);
    }

    private static Pass pass(int orders, int latencyMs, int parallelism, int concurrency) throws Exception {
        DynamoRequests processorRequests = new DynamoRequests();
        try (BenchStack stack = new BenchStack("completed", parallelism, concurrency, new DynamoRequests(), processorRequests)) {
            List<String[]> placed = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                placed.add(stack.checkout());
            }
            stack.settle();

            // The outage: the merchant completes every order, and no webhook reaches orderhook.
            stack.shop.pauseDeliveries();
            List<InboxItem> found = new ArrayList<>();
            for (String[] order : placed) {
                stack.shop.setStatus(order[0], "completed");
                found.add(asSweepFindsIt(stack.shop.order(order[0]), found.size()));
            }
            stack.sandbox.inject("activatePayment", orders * 2, new SandboxFault.Latency(Duration.ofMillis(latencyMs)));
            processorRequests.reset();

            Map<String, Long> cpuBefore = ThreadCpu.byGroup();
            long started = System.nanoTime();
            write(stack, found);
            stack.awaitActivated(placed, Duration.ofMinutes(30));
            double wall = (System.nanoTime() - started) / 1e9;
            Map<String, Long> cpu = ThreadCpu.since(cpuBefore);
            double requestsPerChange = processorRequests.count() / (double) orders;

            // The webhooks held back by the outage arrive after all (duplicates of what the sweep wrote).
            stack.shop.resumeDeliveries();
            stack.settle();
            int once = 0;
            for (String[] order : placed) {
                if (stack.sandbox.calls("activatePayment", order[1]) == 1 && stack.activated(order[1])) {
                    once++;
                }
            }
            double ideal = orders * (latencyMs / 1000.0) / (parallelism * (double) concurrency);
            System.out.printf(Locale.ROOT, "in-batch concurrency %d: %.1f s to the last activation (ideal %.1f s), %d of %d"
                    + " activated exactly once%n", concurrency, wall, ideal, once, orders);
            return new Pass(concurrency, ideal, wall, once, orders - once, requestsPerChange, ThreadCpu.perItem(cpu, orders));
        }
    }

    /** The order as the shop's REST API shows it, as an inbox item: what a sweep writes for a change it found. */
    private static InboxItem asSweepFindsIt(JsonNode order, int n) {
        String body = order.toString();
        return new InboxItem(BenchStack.SHOP, order.path("id").asText(), "order.updated", "sweep-" + n, "sweep",
                order.path("date_modified_gmt").asText(), BodyHash.of(body.getBytes(StandardCharsets.UTF_8)), body,
                Instant.now());
    }

    /** Writes the items on a few threads, as fast as DynamoDB takes them. */
    private static void write(BenchStack stack, List<InboxItem> items) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(SWEEP_WRITERS, r -> new Thread(r, "sweep-writer"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < SWEEP_WRITERS; w++) {
                int first = w;
                running.add(writers.submit(() -> {
                    for (int i = first; i < items.size(); i += SWEEP_WRITERS) {
                        stack.inbox.put(items.get(i));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }
}
