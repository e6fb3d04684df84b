package io.orderhook.endtoend;

import java.util.concurrent.atomic.AtomicInteger;

import io.orderhook.store.InboxItem;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * DynamoDB refusing the receiver's inbox writes while armed, as a throttled table does
 * ({@code ProvisionedThroughputExceededException} after the SDK's retries): DynamoDB Local cannot
 * be made to throttle, so the fault is forced in the receiver's client.
 */
final class InboxWriteFault implements ExecutionInterceptor {
    private volatile boolean armed;
    private final AtomicInteger refused = new AtomicInteger();

    void arm() {
        armed = true;
    }

    void disarm() {
        armed = false;
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (armed && context.request() instanceof PutItemRequest put
                && AttributeValue.fromS(InboxItem.TYPE).equals(put.item().get(InboxItem.ATTR_TYPE))) {
            refused.incrementAndGet();
            throw DynamoDbException.builder().statusCode(400)
                    .message("simulated: the level of configured provisioned throughput for the table was exceeded").build();
        }
    }
}
