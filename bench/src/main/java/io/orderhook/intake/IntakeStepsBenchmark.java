package io.orderhook.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.orderhook.bench.BenchBodies;
import io.orderhook.json.Json;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;

/**
 * Where the receiver's own CPU time goes for one delivery, step by step, without DynamoDB:
 * single thread, warm, microseconds per call. Lives in the intake's package to time
 * {@link WebhookBody#read} on its own. Lines starting "of which" are parts of the step above
 * them, not added to the sum.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.intake.IntakeStepsBenchmark [--lines 300]</pre>
 * Add {@code -XX:TieredStopAtLevel=1} to see the steps under the C1-only setting template.yaml gives Lambda.
 */
public final class IntakeStepsBenchmark {
    private static volatile Object sink;

    private IntakeStepsBenchmark() {}

    public static void main(String[] args) {
        int lines = args.length > 1 && args[0].equals("--lines") ? Integer.parseInt(args[1]) : 300;
        String text = BenchBodies.order(lines);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(body, "demo-webhook-secret");
        InboxStore encoder = new InboxStore(null, "bench");
        InboxItem item = new InboxItem("demo", "1", "order.updated", "d41d8cd98f00b204e9800998ecf8427e", "12",
                "2024-05-03T06:30:00", BodyHash.of(body), text, Instant.now());
        Map<String, Supplier<Object>> steps = new LinkedHashMap<>();
        steps.put("event body String -> UTF-8 bytes", () -> text.getBytes(StandardCharsets.UTF_8));
        steps.put("HMAC-SHA256 verify", () -> WebhookSignature.verify(body, signature, "demo-webhook-secret"));
        steps.put("WebhookBody.read (encoding + parse)", () -> WebhookBody.read(body));
        steps.put("  of which: NUL/ASCII scan", () -> WebhookBody.firstNulOrNonAscii(body));
        steps.put("  of which: ASCII bytes -> String", () -> new String(body, StandardCharsets.US_ASCII));
        steps.put("  of which: Jackson token pass", () -> {
            try (var parser = Json.factory().createParser(body)) {
                int tokens = 0;
                while (parser.nextToken() != null) {
                    tokens++;
                }
                return tokens;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        steps.put("SHA-256 body hash", () -> BodyHash.of(body));
        steps.put("inbox attributes (gzip when > 64 KiB)", () -> encoder.attributesOf(item));
        steps.put("log line JSON", () -> Json.write(Map.of("event", "webhook", "shop", "demo", "order", "1",
                "outcome", "accepted", "http", 200, "bodyBytes", body.length, "micros", 1234)));
        System.out.printf("intake steps for a %d-line order of %,d bytes (%s %s), microseconds per call:%n", lines, body.length,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (int pass = 0; pass < 3; pass++) {
            boolean last = pass == 2;
            double total = 0;
            for (Map.Entry<String, Supplier<Object>> step : steps.entrySet()) {
                double micros = time(step.getValue(), last ? 2000 : 500);
                total += step.getKey().startsWith(" ") ? 0 : micros;
                if (last) {
                    System.out.printf("  %-42s %8.1f%n", step.getKey(), micros);
                }
            }
            if (last) {
                System.out.printf("  %-42s %8.1f%n", "sum", total);
            }
        }
    }

    private static double time(Supplier<Object> step, int calls) {
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink = step.get();
        }
        return (System.nanoTime() - started) / 1e3 / calls;
    }
}
