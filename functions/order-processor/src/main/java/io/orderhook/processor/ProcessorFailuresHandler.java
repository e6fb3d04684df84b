package io.orderhook.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import io.orderhook.failed.GiveUp;
import io.orderhook.json.Json;
import io.orderhook.schedule.JobMetrics;
import io.orderhook.schedule.ScheduledJob;
import io.orderhook.wiring.Wiring;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The processor's failure destination (the SQS queue {@code OrderProcessorFailures}): each message
 * names a batch the stream gave up on; its orders get their note, failure status and failed record
 * ({@link GiveUp}). A message that cannot be handled now (DynamoDB or the stream unreachable) is
 * reported and comes again; one that is not a stream batch's record is logged and dropped.
 */
public final class ProcessorFailuresHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final GiveUp giveUp;
    private final DynamoDbStreamsClient streams;
    private final JobMetrics metrics = new JobMetrics(System.out::println);

    public ProcessorFailuresHandler() {
        this(Wiring.fromEnvironment().giveUp(),
                DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.builder().build()).build());
    }

    public ProcessorFailuresHandler(GiveUp giveUp, DynamoDbStreamsClient streams) {
        this.giveUp = giveUp;
        this.streams = streams;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> again = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long failedOrders = 0;
        for (SQSEvent.SQSMessage message : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            try {
                FailedBatch batch = FailedBatch.parse(message.getBody());
                failedOrders += giveUp.giveUp(batch.inboxItems(streams), batch.invocations()).size();
            } catch (IllegalArgumentException notABatch) {
                problems.add("message " + message.getMessageId() + " dropped: " + notABatch.getMessage());
            } catch (RuntimeException e) {
                problems.add("message " + message.getMessageId() + " comes again: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
                again.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        String requestId = context == null ? null : context.getAwsRequestId();
        ScheduledJob.Report report = new ScheduledJob.Report("give-up", Map.of("failed-orders", failedOrders), problems);
        System.out.println(Json.write(Map.of("event", "give-up", "requestId", String.valueOf(requestId),
                "failedOrders", failedOrders, "problems", problems)));
        metrics.record(report, requestId);
        return SQSBatchResponse.builder().withBatchItemFailures(again).build();
    }
}
