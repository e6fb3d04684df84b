package io.orderhook.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * End-to-end status changes per second: a merchant completes N processing orders; each change
 * goes shop simulator -> signed webhook over HTTP -> receiver -> inbox in DynamoDB Local ->
 * stream -> poller -> processor -> Billmate sandbox (no latency) and notes/meta back to the
 * shop over HTTP, and the write-back's own webhook comes back as an echo and is processed too.
 * The clock stops when every payment is activated and nothing is left to deliver or process.
 *
 * <p>Baseline, same run, same table: only the DynamoDB requests one such change made (recorded
 * from a real change with an SDK interceptor: the receiver's inbox puts, the processor's reads
 * and writes), replayed for N fresh orders with items of the same size, without conditions,
 * on as many threads as the poller's parallelization factor. Also printed: DynamoDB requests
 * per change, counted with an SDK interceptor on the receiver's and the processor's clients.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.EndToEndBenchmark [--orders 300] [--rounds 3] [--parallelism 4]</pre>
 */
public final class EndToEndBenchmark {

    public static void main(String[] args) throws Exception {
        int orders = BenchArgs.intOption(args, "--orders", 300);
        int rounds = BenchArgs.intOption(args, "--rounds", 3);
        int parallelism = BenchArgs.intOption(args, "--parallelism", 4);
        DynamoRequests receiverRequests = new DynamoRequests();
        DynamoRequests processorRequests = new DynamoRequests();
        try (BenchStack stack = new BenchStack("completed", parallelism, receiverRequests, processorRequests)) {
            System.out.printf(Locale.ROOT, "end-to-end benchmark: %d orders per round, %d rounds, poller parallelism %d, %d cores%n",
                    orders, rounds, parallelism, Runtime.getRuntime().availableProcessors());

            // Warm up, and record the DynamoDB requests of one change (activation + echo).
            List<String[]> warm = checkouts(stack, 30);
            completeAll(stack, warm.subList(0, 29));
            stack.settle();
            receiverRequests.record(true);
            processorRequests.record(true);
            completeAll(stack, warm.subList(29, 30));
            stack.awaitActivated(warm.subList(29, 30), Duration.ofSeconds(30));
            stack.settle();
            receiverRequests.record(false);
            processorRequests.record(false);
            List<DynamoRequests.Sent> oneChange = new ArrayList<>(receiverRequests.recorded());
            oneChange.addAll(processorRequests.recorded());
            Map<String, Integer> operations = new TreeMap<>();
            oneChange.forEach(s -> operations.merge(s.operation(), 1, Integer::sum));
            System.out.println("DynamoDB requests of one change (receiver + processor, echo included): " + operations);
            System.out.println("  receiver, in order:  " + receiverRequests.recorded().stream().map(DynamoRequests.Sent::operation).toList());
            System.out.println("  processor, in order: " + processorRequests.recorded().stream().map(DynamoRequests.Sent::operation).toList()
                    + " (the activation, then the echo of orderhook's own write-back of the activation number)");
            String pk = "SHOP#" + BenchStack.SHOP + "#ORDER#" + warm.get(29)[0];

            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<String[]> batch = checkouts(stack, orders);
                stack.settle();
                receiverRequests.reset();
                processorRequests.reset();
                Map<String, Long> cpuBefore = ThreadCpu.byGroup();
                long started = System.nanoTime();
                completeAll(stack, batch);
                stack.awaitActivated(batch, Duration.ofMinutes(10));
                stack.settle();
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Long> cpu = ThreadCpu.since(cpuBefore);
                for (String[] order : batch) {
                    if (stack.sandbox.calls("activatePayment", order[1]) != 1) {
                        throw new IllegalStateException("payment " + order[1] + " was sent "
                                + stack.sandbox.calls("activatePayment", order[1]) + " activations");
                    }
                }
                double changesPerSecond = orders / seconds;
                double processorPerChange = processorRequests.count() / (double) orders;
                double receiverPerChange = receiverRequests.count() / (double) orders;

                double baselineSeconds = baseline(stack.processorDynamo, oneChange, pk, orders, parallelism, round);
                double baselinePerSecond = orders / baselineSeconds;
                results.add(new double[] {changesPerSecond, baselinePerSecond, processorPerChange, receiverPerChange});
                System.out.printf(Locale.ROOT, "round %d: %.1f changes/s end to end, baseline %.1f/s, ratio %.2f,"
                                + " DynamoDB requests per change: processor %.2f, receiver %.2f%n",
                        round, changesPerSecond, baselinePerSecond, changesPerSecond / baselinePerSecond,
                        processorPerChange, receiverPerChange);
                System.out.println("  CPU ms per change by thread group: " + ThreadCpu.perItem(cpu, orders));
            }
            double[] median = median(results);
            System.out.println();
            System.out.println("| orders per round | parallelism | baseline (bare DynamoDB ops) changes/s | end-to-end changes/s | ratio (target >= 0.6) | processor DynamoDB requests per change (target <= 4) | receiver requests per change |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | **%.2f** | %.2f | %.2f |%n", orders, parallelism, median[1],
                    median[0], median[0] / median[1], median[2], median[3]);
        }
        System.exit(0);
    }

    private static List<String[]> checkouts(BenchStack stack, int n) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(stack.checkout());
        }
        return out;
    }

    private static void completeAll(BenchStack stack, List<String[]> orders) {
        for (String[] order : orders) {
            stack.shop.setStatus(order[0], "completed");
        }
    }

    /**
     * Replays the requests of one change for {@code orders} fresh orders: the recorded order's
     * partition key is replaced by a new one of the same length, conditions are dropped (the
     * replay does not rebuild the state they check), items keep their attributes and size.
     */
    static double baseline(DynamoDbClient dynamo, List<DynamoRequests.Sent> oneChange, String recordedPk, int orders,
            int threads, int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<List<SdkRequest>> perThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                perThread.add(new ArrayList<>());
            }
            for (int i = 0; i < orders; i++) {
                String head = recordedPk.substring(0, recordedPk.lastIndexOf('#') + 1).replace("#ORDER#", "#ORDEB#");
                int width = recordedPk.length() - head.length();
                String id = "0".repeat(width) + Long.toString(round * 1_000_000L + i, 36);
                String pk = head + id.substring(id.length() - width);
                for (DynamoRequests.Sent sent : oneChange) {
                    perThread.get(i % threads).add(rewrite(sent.request(), recordedPk, pk));
                }
            }
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (List<SdkRequest> requests : perThread) {
                running.add(pool.submit(() -> requests.forEach(r -> send(dynamo, r))));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(DynamoDbClient dynamo, SdkRequest request) {
        if (request instanceof PutItemRequest put) {
            dynamo.putItem(put);
        } else if (request instanceof GetItemRequest get) {
            dynamo.getItem(get);
        } else if (request instanceof TransactWriteItemsRequest transact) {
            dynamo.transactWriteItems(transact);
        } else if (request instanceof QueryRequest query) {
            dynamo.query(query);
        } else if (request instanceof UpdateItemRequest update) {
            dynamo.updateItem(update);
        } else {
            throw new IllegalStateException("the baseline cannot replay " + request.getClass().getSimpleName());
        }
    }

    private static SdkRequest rewrite(SdkRequest request, String from, String to) {
        if (request instanceof PutItemRequest put) {
            return PutItemRequest.builder().tableName(put.tableName()).item(swap(put.item(), from, to)).build();
        }
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().key(swap(get.key(), from, to)).build();
        }
        if (request instanceof TransactWriteItemsRequest transact) {
            List<TransactWriteItem> items = new ArrayList<>();
            for (TransactWriteItem item : transact.transactItems()) {
                if (item.put() == null) {
                    throw new IllegalStateException("the baseline replays only Put items of transactions");
                }
                Put put = item.put();
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(put.tableName())
                        .item(swap(put.item(), from, to)).build()).build());
            }
            return TransactWriteItemsRequest.builder().transactItems(items).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().expressionAttributeValues(swap(query.expressionAttributeValues(), from, to)).build();
        }
        if (request instanceof UpdateItemRequest update) {
            // The echo's conditional write: the same attribute written, without the condition (and the
            // counters it increments, which a fresh item does not have).
            return UpdateItemRequest.builder().tableName(update.tableName()).key(swap(update.key(), from, to))
                    .updateExpression("SET #modified = :modified")
                    .expressionAttributeNames(Map.of("#modified", update.expressionAttributeNames().get("#modified")))
                    .expressionAttributeValues(Map.of(":modified", update.expressionAttributeValues().get(":modified")))
                    .build();
        }
        throw new IllegalStateException("the baseline cannot replay " + request.getClass().getSimpleName());
    }

    private static Map<String, AttributeValue> swap(Map<String, AttributeValue> item, String from, String to) {
        Map<String, AttributeValue> out = new HashMap<>();
        item.forEach((k, v) -> out.put(k, v.s() != null && v.s().contains(from) ? AttributeValue.fromS(v.s().replace(from, to)) : v));
        return out;
    }

    private static double[] median(List<double[]> rows) {
        double[] out = new double[rows.get(0).length];
        for (int c = 0; c < out.length; c++) {
            final int col = c;
            double[] values = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
            out[c] = values[values.length / 2];
        }
        return out;
    }

}
