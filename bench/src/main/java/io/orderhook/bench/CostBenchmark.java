package io.orderhook.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import io.orderhook.intake.IntakeLog;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.testkit.billmate.SandboxFault;

/**
 * What 1,000 merchant changes cost in AWS terms: N processing orders completed in the shop, one
 * after another as the shop delivers them, each through the whole local stack with latency L on
 * Billmate's {@code activatePayment}, the echo of the write-back included. Measured: the
 * receiver's and the processor's DynamoDB requests and the request units their items would
 * consume on demand ({@link CapacityMeter}), the invocations and billed milliseconds of each
 * function (the receiver timed around its HTTP route, the processor around its handler, each
 * invocation rounded up to a whole millisecond as Lambda bills), and the bytes of log lines
 * they write. Priced at the list prices below (US East, N. Virginia; the template names no
 * region): the figures are printed so that other prices can be applied to them.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.CostBenchmark [--changes 400] [--latency-ms 1000]</pre>
 */
public final class CostBenchmark {
    /** On-demand DynamoDB, per million request units (since November 2024). */
    static final double WRITE_UNIT = 0.625e-6;
    static final double READ_UNIT = 0.125e-6;
    /** Lambda: per request, and per GB-second on arm64; the functions have 1,024 MB (template.yaml Globals). */
    static final double LAMBDA_REQUEST = 0.20e-6;
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double MEMORY_GB = 1.0;
    /** API Gateway HTTP API, per request (first 300 million a month). */
    static final double HTTP_API_REQUEST = 1.00e-6;
    /** CloudWatch Logs ingestion, per GB. */
    static final double LOG_GB = 0.50;

    /** One function's invocations and billed time. */
    static final class Timed {
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong billedMillis = new AtomicLong();

        void add(long nanos) {
            invocations.incrementAndGet();
            billedMillis.addAndGet((nanos + 999_999) / 1_000_000);
        }
    }

    public static void main(String[] args) throws Exception {
        int changes = BenchArgs.intOption(args, "--changes", 400);
        int latencyMs = BenchArgs.intOption(args, "--latency-ms", 1000);
        CapacityMeter receiverUnits = new CapacityMeter();
        CapacityMeter processorUnits = new CapacityMeter();
        Timed receiver = new Timed();
        Timed processor = new Timed();
        AtomicLong logBytes = new AtomicLong();
        Filter timing = new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws java.io.IOException {
                long started = System.nanoTime();
                try {
                    chain.doFilter(exchange);
                } finally {
                    if (exchange.getRequestURI().getPath().startsWith("/webhooks/")) {
                        receiver.add(System.nanoTime() - started);
                    }
                }
            }

            @Override
            public String description() {
                return "times the receiver";
            }
        };
        try (BenchStack stack = new BenchStack("completed", 4, OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY, receiverUnits,
                processorUnits, o -> o.routesFilter(timing)
                        .events(new EventLog(line -> logBytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1)))
                        .intakeLog(new IntakeLog(line -> logBytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1)))
                        .processorWrapper(handler -> event -> {
                            long started = System.nanoTime();
                            try {
                                return handler.apply(event);
                            } finally {
                                processor.add(System.nanoTime() - started);
                            }
                        }))) {
            System.out.printf(Locale.ROOT, "cost: %d changes, activatePayment latency %d ms, %d cores%n", changes, latencyMs,
                    Runtime.getRuntime().availableProcessors());
            List<String[]> placed = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                placed.add(stack.checkout());
            }
            stack.settle();
            stack.sandbox.inject("activatePayment", changes * 2, new SandboxFault.Latency(Duration.ofMillis(latencyMs)));
            receiverUnits.reset();
            processorUnits.reset();
            receiver.invocations.set(0);
            receiver.billedMillis.set(0);
            processor.invocations.set(0);
            processor.billedMillis.set(0);
            logBytes.set(0);

            for (String[] order : placed) {
                stack.shop.setStatus(order[0], "completed");
            }
            stack.awaitActivated(placed, Duration.ofMinutes(30));
            stack.settle();
            for (String[] order : placed) {
                if (stack.sandbox.calls("activatePayment", order[1]) != 1) {
                    throw new IllegalStateException("payment " + order[1] + " was sent "
                            + stack.sandbox.calls("activatePayment", order[1]) + " activations");
                }
            }
            print(changes, latencyMs, receiverUnits, processorUnits, receiver, processor, logBytes.get());
        }
        System.exit(0);
    }

    private static void print(int changes, int latencyMs, CapacityMeter receiverUnits, CapacityMeter processorUnits,
            Timed receiver, Timed processor, long logBytes) {
        double per = 1000.0 / changes;
        double requests = (receiverUnits.requests() + processorUnits.requests()) * per;
        double wru = (receiverUnits.writeUnits() + processorUnits.writeUnits()) * per;
        double rru = (receiverUnits.readUnits() + processorUnits.readUnits()) * per;
        double receiverCalls = receiver.invocations.get() * per;
        double processorCalls = processor.invocations.get() * per;
        double receiverMs = receiver.billedMillis.get() * per;
        double processorMs = processor.billedMillis.get() * per;
        double logs = logBytes * per;

        double dynamoCost = wru * WRITE_UNIT + rru * READ_UNIT;
        double receiverCost = receiverCalls * LAMBDA_REQUEST + receiverMs / 1000 * MEMORY_GB * LAMBDA_GB_SECOND;
        double processorCost = processorCalls * LAMBDA_REQUEST + processorMs / 1000 * MEMORY_GB * LAMBDA_GB_SECOND;
        double apiCost = receiverCalls * HTTP_API_REQUEST;
        double logCost = logs / 1e9 * LOG_GB;
        System.out.println();
        System.out.printf(Locale.ROOT, "per 1,000 changes (%d measured, activatePayment latency %d ms):%n", changes, latencyMs);
        System.out.println("| item | quantity per 1,000 changes | list price (us-east-1) | USD per 1,000 changes |");
        System.out.println("| --- | ---: | --- | ---: |");
        System.out.printf(Locale.ROOT, "| DynamoDB requests (receiver %.0f, processor %.0f) | %.0f | (priced by units) | |%n",
                receiverUnits.requests() * per, processorUnits.requests() * per, requests);
        System.out.printf(Locale.ROOT, "| DynamoDB write request units | %.0f | $0.625 per million | %.6f |%n", wru, wru * WRITE_UNIT);
        System.out.printf(Locale.ROOT, "| DynamoDB read request units | %.0f | $0.125 per million | %.6f |%n", rru, rru * READ_UNIT);
        System.out.printf(Locale.ROOT, "| API Gateway HTTP API requests (webhooks) | %.0f | $1.00 per million | %.6f |%n",
                receiverCalls, apiCost);
        System.out.printf(Locale.ROOT, "| receiver: invocations / billed ms (1,024 MB, arm64) | %.0f / %.0f | $0.20 per million,"
                + " $0.0000133334 per GB-s | %.6f |%n", receiverCalls, receiverMs, receiverCost);
        System.out.printf(Locale.ROOT, "| processor: invocations / billed ms (1,024 MB, arm64) | %.0f / %.0f | $0.20 per million,"
                + " $0.0000133334 per GB-s | %.6f |%n", processorCalls, processorMs, processorCost);
        System.out.printf(Locale.ROOT, "| log lines written (bytes) | %.0f | $0.50 per GB ingested | %.6f |%n", logs, logCost);
        System.out.printf(Locale.ROOT, "| **total** | | | **%.4f** |%n",
                dynamoCost + receiverCost + processorCost + apiCost + logCost);
        System.out.printf(Locale.ROOT, "DynamoDB requests per change: receiver %.2f, processor %.2f%n",
                receiverUnits.requests() / (double) changes, processorUnits.requests() / (double) changes);
    }
}
