package io.orderhook.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.DeliveredWebhook;
import io.orderhook.testkit.woocommerce.RestCall;

/**
 * Latency at a steady load: a merchant completes one processing order every 1/R seconds, for N
 * orders; each change goes through the whole local stack (the shop's webhook, the receiver, the
 * stream, the processor, Billmate with latency L on {@code activatePayment}, the note written to
 * the shop). Measured per change, from the merchant's change in the simulator: until the shop
 * sent its webhook (the shop's own delivery queue), and until orderhook's note reached the shop's
 * REST API (the simulator's record of the {@code POST .../notes}). Printed: p50, p99 and the
 * maximum of both, and the rate the run actually kept. R must stay below the throughput measured
 * by {@link EndToEndBenchmark}, or the figures measure a queue.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.LatencyBenchmark [--changes 300] [--rate 4] [--latency-ms 0]</pre>
 */
public final class LatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int changes = BenchArgs.intOption(args, "--changes", 300);
        int rate = BenchArgs.intOption(args, "--rate", 4);
        int latencyMs = BenchArgs.intOption(args, "--latency-ms", 0);
        try (BenchStack stack = new BenchStack("completed", 4, new DynamoRequests(), new DynamoRequests())) {
            System.out.printf(Locale.ROOT, "latency: %d changes at %d per second, activatePayment latency %d ms, %d cores%n",
                    changes, rate, latencyMs, Runtime.getRuntime().availableProcessors());
            List<String[]> placed = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                placed.add(stack.checkout());
            }
            stack.settle();
            if (latencyMs > 0) {
                stack.sandbox.inject("activatePayment", changes * 2, new SandboxFault.Latency(Duration.ofMillis(latencyMs)));
            }

            Instant[] changedAt = new Instant[changes];
            long started = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < changes; i++) {
                long due = started + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                changedAt[i] = Instant.now();
                stack.shop.setStatus(placed.get(i)[0], "completed");
            }
            double keptRate = changes / ((System.nanoTime() - started) / 1e9);
            stack.awaitActivated(placed, Duration.ofMinutes(10));
            stack.settle();

            List<RestCall> calls = stack.shop.restCalls();
            double[] toNote = new double[changes];
            double[] toWebhook = new double[changes];
            for (int i = 0; i < changes; i++) {
                String order = placed.get(i)[0];
                Instant changed = changedAt[i];
                Instant noted = calls.stream().filter(c -> c.method().equals("POST") && c.path().equals("/orders/" + order + "/notes")
                        && c.status() / 100 == 2 && !c.at().isBefore(changed)).map(RestCall::at).min(Instant::compareTo)
                        .orElseThrow(() -> new IllegalStateException("no note reached the shop for order " + order));
                Instant sent = stack.shop.deliveries(order).stream().map(DeliveredWebhook::sentAt).filter(t -> !t.isBefore(changed))
                        .min(Instant::compareTo).orElseThrow(() -> new IllegalStateException("no webhook for order " + order));
                toNote[i] = Duration.between(changed, noted).toNanos() / 1e6;
                toWebhook[i] = Duration.between(changed, sent).toNanos() / 1e6;
            }
            Arrays.sort(toNote);
            Arrays.sort(toWebhook);
            System.out.println();
            System.out.println("| changes | rate asked | rate kept | provider latency | change to webhook sent p50 / p99 / max"
                    + " | change to note in the shop p50 / p99 / max |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| %d | %d/s | %.1f/s | %d ms | %.0f / %.0f / %.0f ms | %.0f / %.0f / %.0f ms |%n",
                    changes, rate, keptRate, latencyMs, percentile(toWebhook, 50), percentile(toWebhook, 99),
                    toWebhook[changes - 1], percentile(toNote, 50), percentile(toNote, 99), toNote[changes - 1]);
        }
        System.exit(0);
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
