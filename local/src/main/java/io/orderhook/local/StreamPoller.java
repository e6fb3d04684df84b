package io.orderhook.local;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;

import io.orderhook.store.InboxItem;
import io.orderhook.store.TableDefinition;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Feeds a table's DynamoDB (Local) stream to a stream handler the way the Lambda event
 * source mapping of template.yaml does: only inbox INSERTs (the FilterCriteria), batches of
 * {@code DynamodbEvent} with the same record shape, records of one partition key in order
 * and different keys in parallel (ParallelizationFactor), partial batch failures honoured by
 * re-delivering from the lowest failed sequence number (ReportBatchItemFailures), a handler
 * error bisecting the batch (BisectBatchOnFunctionError), and after the retries
 * (MaximumRetryAttempts) the batch goes to the failure callback (the on-failure destination)
 * and the stream moves on.
 */
public final class StreamPoller implements AutoCloseable {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Function<DynamodbEvent, StreamsEventResponse> handler;
    private final Consumer<List<DynamodbStreamRecord>> onFailure;
    private final int batchSize;
    private final int maxRetries;
    private final boolean bisect;
    private final Duration pollInterval;
    private final Duration retryDelay;
    private final String region;
    private final List<BlockingQueue<DynamodbStreamRecord>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicLong lastEmptyCycleStart = new AtomicLong(0);
    private final AtomicLong invocations = new AtomicLong();
    private final List<DynamodbStreamRecord> failed = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    private StreamPoller(Builder b) {
        this.streams = b.streams;
        this.streamArn = b.streamArn;
        this.handler = b.handler;
        this.onFailure = b.onFailure;
        this.batchSize = b.batchSize;
        this.maxRetries = b.maxRetries;
        this.bisect = b.bisect;
        this.pollInterval = b.pollInterval;
        this.retryDelay = b.retryDelay;
        this.region = b.region;
        for (int i = 0; i < b.parallelism; i++) {
            queues.add(new LinkedBlockingQueue<>());
        }
    }

    /** A poller for the stream of {@code table}. */
    public static Builder forTable(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table,
            Function<DynamodbEvent, StreamsEventResponse> handler) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        return new Builder(streams, arn, handler);
    }

    public static final class Builder {
        private final DynamoDbStreamsClient streams;
        private final String streamArn;
        private final Function<DynamodbEvent, StreamsEventResponse> handler;
        private Consumer<List<DynamodbStreamRecord>> onFailure = records -> { };
        private int batchSize = 10;
        private int maxRetries = 3;
        private boolean bisect = true;
        private int parallelism = 1;
        private Duration pollInterval = Duration.ofMillis(20);
        private Duration retryDelay = Duration.ofMillis(20);
        private String region = "us-east-1";

        Builder(DynamoDbStreamsClient streams, String streamArn, Function<DynamodbEvent, StreamsEventResponse> handler) {
            this.streams = streams;
            this.streamArn = streamArn;
            this.handler = handler;
        }

        /** BatchSize (default 10). */
        public Builder batchSize(int n) { this.batchSize = n; return this; }

        /** MaximumRetryAttempts (default 3). */
        public Builder maxRetries(int n) { this.maxRetries = n; return this; }

        /** BisectBatchOnFunctionError (default on). */
        public Builder bisectOnError(boolean on) { this.bisect = on; return this; }

        /** ParallelizationFactor: concurrent batches, records of one key always on the same one (default 1). */
        public Builder parallelism(int n) { this.parallelism = n; return this; }

        public Builder pollInterval(Duration d) { this.pollInterval = d; return this; }

        public Builder retryDelay(Duration d) { this.retryDelay = d; return this; }

        /** The on-failure destination: receives the records given up after the retries. */
        public Builder onFailure(Consumer<List<DynamodbStreamRecord>> callback) { this.onFailure = callback; return this; }

        public Builder region(String r) { this.region = r; return this; }

        public StreamPoller build() { return new StreamPoller(this); }

        public StreamPoller start() {
            StreamPoller poller = build();
            poller.start();
            return poller;
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread reader = new Thread(this::readLoop, "stream-poller-reader");
        reader.setDaemon(true);
        threads.add(reader);
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<DynamodbStreamRecord> queue = queues.get(i);
            Thread worker = new Thread(() -> workLoop(queue), "stream-poller-worker-" + i);
            worker.setDaemon(true);
            threads.add(worker);
        }
        threads.forEach(Thread::start);
    }

    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Waits until every record written so far has been handled: nothing queued or running and
     * a whole read of the stream that started after the last handler finished found nothing new.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) {
        long called = System.nanoTime();
        long deadline = called + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long quietSince = Math.max(called, lastActivity.get());
            if (inFlight.get() == 0 && lastEmptyCycleStart.get() > quietSince) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Handler invocations so far. */
    public long invocations() {
        return invocations.get();
    }

    /** Records given up after the retries (also passed to the failure callback). */
    public List<DynamodbStreamRecord> failedRecords() {
        return List.copyOf(failed);
    }

    private void readLoop() {
        Map<String, String> iterators = new LinkedHashMap<>();
        Set<String> known = new HashSet<>();
        while (running) {
            try {
                if (iterators.isEmpty() || known.isEmpty()) {
                    discoverShards(iterators, known);
                }
                long cycleStart = System.nanoTime();
                int seen = 0;
                boolean closed = false;
                for (Map.Entry<String, String> shard : new ArrayList<>(iterators.entrySet())) {
                    GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(shard.getValue()).limit(1000));
                    for (Record record : response.records()) {
                        seen++;
                        if (matchesFilter(record)) {
                            DynamodbStreamRecord lambdaRecord = toLambda(record);
                            String key = record.dynamodb().keys().get(TableDefinition.PK).s();
                            inFlight.incrementAndGet();
                            queues.get(Math.floorMod(key.hashCode(), queues.size())).add(lambdaRecord);
                        }
                    }
                    if (response.nextShardIterator() == null) {
                        iterators.remove(shard.getKey());
                        closed = true;
                    } else {
                        iterators.put(shard.getKey(), response.nextShardIterator());
                    }
                }
                if (closed) {
                    discoverShards(iterators, known);
                }
                if (seen == 0) {
                    lastEmptyCycleStart.set(cycleStart);
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                System.err.println("stream poller: reading the stream failed, retrying: " + e.getMessage());
                sleepQuietly(200);
            }
        }
    }

    /** Opens new shards at their start; DynamoDB lists a parent before its children. */
    private void discoverShards(Map<String, String> iterators, Set<String> known) {
        List<Shard> shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        for (Shard shard : shards) {
            if (known.add(shard.shardId())) {
                String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                iterators.put(shard.shardId(), iterator);
            }
        }
    }

    /** The FilterCriteria of template.yaml: {"eventName":["INSERT"],"dynamodb":{"NewImage":{"type":{"S":["INBOX"]}}}}. */
    static boolean matchesFilter(Record record) {
        if (!"INSERT".equals(record.eventNameAsString()) || record.dynamodb() == null || !record.dynamodb().hasNewImage()) {
            return false;
        }
        AttributeValue type = record.dynamodb().newImage().get(InboxItem.ATTR_TYPE);
        return type != null && InboxItem.TYPE.equals(type.s());
    }

    private void workLoop(BlockingQueue<DynamodbStreamRecord> queue) {
        while (running) {
            try {
                DynamodbStreamRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<DynamodbStreamRecord> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                try {
                    deliver(batch, maxRetries);
                } finally {
                    lastActivity.set(System.nanoTime());
                    inFlight.addAndGet(-batch.size());
                    lastActivity.set(System.nanoTime());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(List<DynamodbStreamRecord> batch, int retriesLeft) throws InterruptedException {
        List<DynamodbStreamRecord> pending = batch;
        int retries = retriesLeft;
        while (!pending.isEmpty()) {
            StreamsEventResponse response;
            try {
                invocations.incrementAndGet();
                response = handler.apply(event(pending));
            } catch (RuntimeException error) {
                if (retries <= 0) {
                    giveUp(pending);
                    return;
                }
                Thread.sleep(retryDelay.toMillis());
                if (bisect && pending.size() > 1) {
                    int half = pending.size() / 2;
                    deliver(new ArrayList<>(pending.subList(0, half)), retries - 1);
                    deliver(new ArrayList<>(pending.subList(half, pending.size())), retries - 1);
                    return;
                }
                retries--;
                continue;
            }
            int from = firstFailed(pending, response);
            if (from < 0) {
                return;
            }
            if (retries <= 0) {
                giveUp(pending.subList(from, pending.size()));
                return;
            }
            retries--;
            pending = new ArrayList<>(pending.subList(from, pending.size()));
            Thread.sleep(retryDelay.toMillis());
        }
    }

    /**
     * The position to re-deliver from, or -1 when the batch succeeded. As in Lambda, an
     * identifier that is empty or not in the batch fails the whole batch.
     */
    private static int firstFailed(List<DynamodbStreamRecord> batch, StreamsEventResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return -1;
        }
        int lowest = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            int index = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).getDynamodb().getSequenceNumber().equals(id)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return 0;
            }
            lowest = Math.min(lowest, index);
        }
        return lowest;
    }

    private void giveUp(List<DynamodbStreamRecord> records) {
        List<DynamodbStreamRecord> copy = List.copyOf(records);
        failed.addAll(copy);
        onFailure.accept(copy);
    }

    private DynamodbEvent event(List<DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    private DynamodbStreamRecord toLambda(Record record) {
        DynamodbStreamRecord out = new DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion(record.eventVersion() == null ? "1.1" : record.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(region);
        out.setEventSourceARN(streamArn);
        var source = record.dynamodb();
        StreamRecord stream = new StreamRecord()
                .withSequenceNumber(source.sequenceNumber())
                .withSizeBytes(source.sizeBytes())
                .withStreamViewType(StreamViewType.fromValue(source.streamViewTypeAsString()))
                .withKeys(toLambda(source.keys()))
                .withNewImage(toLambda(source.newImage()));
        if (source.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(source.approximateCreationDateTime()));
        }
        out.setDynamodb(stream);
        return out;
    }

    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new HashMap<>();
        image.forEach((k, v) -> out.put(k, toLambda(v)));
        return out;
    }

    static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.b() != null) {
            out.setB(ByteBuffer.wrap(v.b().asByteArray()));
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.setNULL(true);
        } else if (v.hasSs()) {
            out.setSS(v.ss());
        } else if (v.hasNs()) {
            out.setNS(v.ns());
        } else if (v.hasBs()) {
            out.setBS(v.bs().stream().map(SdkBytes::asByteArray).map(ByteBuffer::wrap).toList());
        } else if (v.hasM()) {
            out.setM(toLambda(v.m()));
        } else if (v.hasL()) {
            out.setL(v.l().stream().map(StreamPoller::toLambda).toList());
        }
        return out;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
