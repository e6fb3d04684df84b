package io.orderhook.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The DynamoDB request units a client's requests would consume in AWS (on-demand), from the
 * sizes of the items actually written and read, by DynamoDB's published rules: a write unit per
 * started 1 KB of the item written, a strongly consistent read unit per started 4 KB read (half
 * for an eventually consistent one), twice that inside a transaction; a conditional write whose
 * condition fails is still charged for the item's size. An item's size is the UTF-8 length of
 * its attribute names and values (numbers about one byte per two digits, lists and maps three
 * bytes more plus one per element). An update is charged at the size of the item it changes, as
 * this meter last saw it written.
 */
final class CapacityMeter implements ExecutionInterceptor {
    private final AtomicLong requests = new AtomicLong();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();
    /** The last size written per item key, for the updates and failed conditions that name only the key. */
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        requests.incrementAndGet();
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof PutItemRequest put) {
            writeUnits.add(writeUnits(remember(put.item())));
        } else if (request instanceof UpdateItemRequest update) {
            writeUnits.add(writeUnits(sizes.getOrDefault(key(update.key()), 1)));
        } else if (request instanceof TransactWriteItemsRequest transact) {
            for (TransactWriteItem item : transact.transactItems()) {
                if (item.put() != null) {
                    writeUnits.add(2 * writeUnits(remember(item.put().item())));
                } else if (item.update() != null) {
                    writeUnits.add(2 * writeUnits(sizes.getOrDefault(key(item.update().key()), 1)));
                } else {
                    writeUnits.add(2);
                }
            }
        } else if (request instanceof GetItemRequest get && response instanceof GetItemResponse got) {
            readUnits.add(readUnits(got.hasItem() ? size(got.item()) : 1, Boolean.TRUE.equals(get.consistentRead())));
        } else if (request instanceof QueryRequest query && response instanceof QueryResponse found) {
            int bytes = found.items().stream().mapToInt(CapacityMeter::size).sum();
            readUnits.add(readUnits(Math.max(1, bytes), Boolean.TRUE.equals(query.consistentRead())));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        requests.incrementAndGet();
        SdkRequest request = context.request();
        if (request instanceof UpdateItemRequest update) {
            writeUnits.add(writeUnits(sizes.getOrDefault(key(update.key()), 1)));
        } else if (request instanceof PutItemRequest put) {
            writeUnits.add(writeUnits(sizes.getOrDefault(key(put.item()), 1)));
        }
    }

    long requests() {
        return requests.get();
    }

    double writeUnits() {
        return writeUnits.sum();
    }

    double readUnits() {
        return readUnits.sum();
    }

    void reset() {
        requests.set(0);
        writeUnits.reset();
        readUnits.reset();
    }

    private int remember(Map<String, AttributeValue> item) {
        int size = size(item);
        sizes.put(key(item), size);
        return size;
    }

    private static String key(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("PK");
        AttributeValue sk = item.get("SK");
        return (pk == null ? "" : pk.s()) + "|" + (sk == null ? "" : sk.s());
    }

    private static double writeUnits(int bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    private static double readUnits(int bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    static int size(Map<String, AttributeValue> item) {
        int total = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            total += utf8(attribute.getKey()) + size(attribute.getValue());
        }
        return total;
    }

    private static int size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return v.n().replaceAll("[^0-9]", "").length() / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToInt(CapacityMeter::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToInt(n -> n.length() / 2 + 1).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().size() + size(v.m());
        }
        if (v.hasL()) {
            List<AttributeValue> list = v.l();
            return 3 + list.size() + list.stream().mapToInt(CapacityMeter::size).sum();
        }
        return 0;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
