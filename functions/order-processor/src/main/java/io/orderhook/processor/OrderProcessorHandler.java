package io.orderhook.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;

import java.util.List;

import io.orderhook.wiring.Wiring;
import io.orderhook.processing.OrderProcessor;

/**
 * The table's stream (inbox inserts only, filtered by the event source mapping) into the
 * order processor. Failed records come back as batch item failures, so one order never
 * fails the others.
 */
public final class OrderProcessorHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final OrderProcessor processor;

    public OrderProcessorHandler() {
        this(Wiring.fromEnvironment().orderProcessor());
    }

    public OrderProcessorHandler(OrderProcessor processor) {
        this.processor = processor;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<String> retry = processor.process(InboxRecords.from(event),
                context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
        return StreamsEventResponse.builder().withBatchItemFailures(retry.stream()
                .map(sequenceNumber -> BatchItemFailure.builder().withItemIdentifier(sequenceNumber).build()).toList()).build();
    }
}
