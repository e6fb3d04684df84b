package io.orderhook.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts a client's DynamoDB requests and, while recording, keeps them (operation and request) in order. */
final class DynamoRequests implements ExecutionInterceptor {
    record Sent(String operation, SdkRequest request) {}

    private final AtomicLong count = new AtomicLong();
    private final List<Sent> recorded = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        count.incrementAndGet();
        if (recording) {
            recorded.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
        }
    }

    long count() {
        return count.get();
    }

    void reset() {
        count.set(0);
    }

    void record(boolean on) {
        if (on) {
            recorded.clear();
        }
        recording = on;
    }

    List<Sent> recorded() {
        return List.copyOf(recorded);
    }
}
