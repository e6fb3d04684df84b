package io.orderhook.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.BodyHash;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.EventFiles;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deliveries per second through the real receiver handler against DynamoDB Local, beside a
 * baseline of raw PutItem calls writing items of the same size to the same table, in the same
 * run. The receiver's own work (signature, parse, hash, compression, config lookup, logging
 * into a discarding sink) is the difference; the ratio receiver/baseline is the figure to watch.
 *
 * <pre>java -jar bench/target/orderhook-bench.jar [--rounds N] [--warmup N] [--threads 1,4] [--interleaved]</pre>
 *
 * <p>{@code --interleaved}: each thread alternates one baseline PutItem and one delivery, so
 * both see the same machine load; on a shared, busy machine this ratio is far steadier than
 * the one from separate timed blocks.
 */
public final class ReceiverBenchmark {
    private static final String SECRET = EventFiles.DEMO_SECRET;
    private static final String SECRET_REF = "orderhook/shops/demo#webhookSecret";

    private record Payload(String name, String template, int perRound) {}

    public static void main(String[] args) throws Exception {
        int rounds = BenchArgs.intOption(args, "--rounds", 5);
        int warmup = BenchArgs.intOption(args, "--warmup", 2);
        int[] threadCounts = Arrays.stream(BenchArgs.option(args, "--threads", "1,4").split(",")).mapToInt(Integer::parseInt).toArray();
        boolean interleaved = Arrays.asList(args).contains("--interleaved");

        try (DynamoDbLocal local = DynamoDbLocal.start(null)) {
            AtomicLong requests = new AtomicLong();
            ExecutionInterceptor counting = new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    requests.incrementAndGet();
                }
            };
            DynamoDbClient dynamo = local.client(counting);
            String table = local.newTable("bench", TableDefinition::create);
            new ShopConfigStore(dynamo, table).save(new ShopConfig("demo", "https://demo-shop.example", SECRET_REF,
                    null, null, null, ShopSettings.defaults(), 1));
            WebhookReceiverHandler handler = new WebhookReceiverHandler(new WebhookIntake(
                    new ShopConfigStore(dynamo, table),
                    new CachingSecretResolver(new EnvironmentSecretResolver(
                            Map.of(EnvironmentSecretResolver.variableName(SECRET_REF), SECRET))),
                    new InboxStore(dynamo, table), new QuarantineStore(dynamo, table),
                    Clock.systemUTC(), new IntakeLog(line -> { })));
            InboxStore inboxForBaseline = new InboxStore(dynamo, table);

            String typical = new String(EventFiles.body(EventFiles.read(
                    EventFiles.eventsDirectory().resolve("order.updated.completed.json"))), StandardCharsets.UTF_8);
            List<Payload> payloads = List.of(
                    new Payload("typical order (" + typical.length() / 1024 + " KiB, stored as text)", typical, 400),
                    new Payload("300-line order (" + BenchBodies.order(300).length() / 1024 + " KiB, stored gzip)", BenchBodies.order(300), 60));

            System.out.printf("orderhook receiver benchmark: DynamoDB Local 3.1.0 in-process, %d warm-up + %d measured rounds, "
                    + "median of rounds; %s, %d cores, %s%n", warmup, rounds, System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            System.out.printf("%-40s %7s %12s %16s %14s %7s %12s%n", "payload", "threads", "PutItem/s",
                    "cond. PutItem/s", "deliveries/s", "ratio", "calls/deliv");
            long orderIds = 1;
            if (interleaved) {
                System.out.println("interleaved: each thread alternates one PutItem and one delivery; rates are threads / mean latency");
                for (Payload payload : payloads) {
                    for (int threads : threadCounts) {
                        double[] ratios = new double[rounds];
                        double[] putRates = new double[rounds];
                        double[] deliveryRates = new double[rounds];
                        for (int round = -warmup; round < rounds; round++) {
                            List<Map<String, AttributeValue>> items = new ArrayList<>();
                            List<APIGatewayV2HTTPEvent> events = new ArrayList<>();
                            for (int i = 0; i < payload.perRound(); i++) {
                                items.add(inboxForBaseline.attributesOf(inboxItem(withOrderId(payload.template(), orderIds++))));
                                events.add(event(withOrderId(payload.template(), orderIds++)));
                            }
                            double[] nanos = Load.alternating(threads, items.size(),
                                    i -> dynamo.putItem(b -> b.tableName(table).item(items.get(i))),
                                    i -> {
                                        String body = handler.handleRequest(events.get(i), null).getBody();
                                        if (!body.equals("{\"status\":\"accepted\"}")) {
                                            throw new IllegalStateException("a benchmark delivery was not accepted: " + body);
                                        }
                                    });
                            if (round >= 0) {
                                putRates[round] = threads * 1e9 * items.size() / nanos[0];
                                deliveryRates[round] = threads * 1e9 * items.size() / nanos[1];
                                ratios[round] = nanos[0] / nanos[1];
                            }
                        }
                        System.out.printf("%-40s %7d %12.0f %16s %14.0f %7.2f %12s%n", payload.name(), threads, Load.median(putRates),
                                "-", Load.median(deliveryRates), Load.median(ratios), "-");
                    }
                }
                dynamo.close();
                return;
            }
            for (Payload payload : payloads) {
                for (int threads : threadCounts) {
                    double[] baseline = new double[rounds];
                    double[] conditional = new double[rounds];
                    double[] receiver = new double[rounds];
                    double callsPerDelivery = 0;
                    for (int round = -warmup; round < rounds; round++) {
                        List<Map<String, AttributeValue>> items = new ArrayList<>();
                        List<Map<String, AttributeValue>> conditionalItems = new ArrayList<>();
                        List<APIGatewayV2HTTPEvent> events = new ArrayList<>();
                        for (int i = 0; i < payload.perRound(); i++) {
                            items.add(inboxForBaseline.attributesOf(inboxItem(withOrderId(payload.template(), orderIds++))));
                            conditionalItems.add(inboxForBaseline.attributesOf(inboxItem(withOrderId(payload.template(), orderIds++))));
                            events.add(event(withOrderId(payload.template(), orderIds++)));
                        }
                        double putRate = Load.rate(threads, items.size(), i -> dynamo.putItem(b -> b.tableName(table).item(items.get(i))));
                        // The same write with the inbox's de-duplication condition, for reference.
                        double conditionalRate = Load.rate(threads, conditionalItems.size(), i -> dynamo.putItem(b -> b
                                .tableName(table).item(conditionalItems.get(i))
                                .conditionExpression("attribute_not_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", "PK"))));
                        long before = requests.get();
                        double deliveryRate = Load.rate(threads, events.size(), i -> {
                            String body = handler.handleRequest(events.get(i), null).getBody();
                            if (!body.equals("{\"status\":\"accepted\"}")) {
                                throw new IllegalStateException("a benchmark delivery was not accepted: " + body);
                            }
                        });
                        if (round >= 0) {
                            baseline[round] = putRate;
                            conditional[round] = conditionalRate;
                            receiver[round] = deliveryRate;
                            callsPerDelivery = (double) (requests.get() - before) / events.size();
                        }
                    }
                    double b = Load.median(baseline);
                    double r = Load.median(receiver);
                    System.out.printf("%-40s %7d %12.0f %16.0f %14.0f %7.2f %12.2f%n", payload.name(), threads, b,
                            Load.median(conditional), r, r / b, callsPerDelivery);
                }
            }
            dynamo.close();
        }
    }

    private static InboxItem inboxItem(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new InboxItem("demo", orderIdOf(body), "order.updated", "d41d8cd98f00b204e9800998ecf8427e", "12",
                "2024-05-03T06:30:00", BodyHash.of(bytes), body, Instant.now());
    }

    private static APIGatewayV2HTTPEvent event(String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-wc-webhook-topic", "order.updated");
        headers.put("x-wc-webhook-id", "12");
        headers.put("x-wc-webhook-delivery-id", "d41d8cd98f00b204e9800998ecf8427e");
        headers.put("x-wc-webhook-signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), SECRET));
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setPathParameters(Map.of("shopId", "demo"));
        event.setRawPath("/webhooks/woocommerce/demo");
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    /** The same body with another order id: same size (ids are padded), a new inbox key. */
    private static String withOrderId(String body, long id) {
        if (!body.startsWith("{\"id\":")) {
            throw new IllegalArgumentException("benchmark bodies start with the order id");
        }
        int end = body.indexOf(',');
        return "{\"id\":" + (1_000_000_000L + id) + body.substring(end);
    }

    private static String orderIdOf(String body) {
        return body.substring("{\"id\":".length(), body.indexOf(','));
    }
}
