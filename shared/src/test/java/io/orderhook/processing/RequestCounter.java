package io.orderhook.processing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the DynamoDB requests a client sends, by operation name. */
public final class RequestCounter implements ExecutionInterceptor {
    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    public List<String> operations() {
        return List.copyOf(operations);
    }

    public int count() {
        return operations.size();
    }

    public void reset() {
        operations.clear();
    }
}
