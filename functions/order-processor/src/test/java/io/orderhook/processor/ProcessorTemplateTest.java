package io.orderhook.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.testkit.TemplateFile;

/** template.yaml wires the processor to the stream the way the StreamPoller imitates it. */
class ProcessorTemplateTest {
    private final JsonNode template = TemplateFile.read();

    @Test
    void theProcessorTakesOnlyInboxInsertsWithPartialBatchFailuresBoundedRetriesAndAFailureDestination() {
        JsonNode function = TemplateFile.function(template, "OrderProcessorFunction", OrderProcessorHandler.class.getName());
        JsonNode stream = function.at("/Events/InboxInserts");
        assertEquals("DynamoDB", stream.get("Type").asText());
        JsonNode p = stream.get("Properties");
        // The YAML reader drops the !GetAtt tag and keeps its argument.
        assertEquals("OrderhookTable.StreamArn", p.get("Stream").asText());
        assertEquals("ReportBatchItemFailures", p.get("FunctionResponseTypes").get(0).asText());
        assertTrue(p.get("BisectBatchOnFunctionError").asBoolean());
        int retries = p.get("MaximumRetryAttempts").asInt();
        assertTrue(retries > 0 && retries <= 20, "bounded retries");
        assertTrue(p.get("ParallelizationFactor").asInt() > 1);
        assertEquals("{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"type\":{\"S\":[\"INBOX\"]}}}}",
                p.at("/FilterCriteria/Filters/0/Pattern").asText());
        assertTrue(p.at("/DestinationConfig/OnFailure/Destination").toString().contains("OrderProcessorFailures"));
        assertEquals("AWS::SQS::Queue", template.at("/Resources/OrderProcessorFailures/Type").asText());
    }

    @Test
    void theProcessorAndTheDispatcherMayDoOnlyWhatTheyNeed() {
        // DeleteItem: a failed credit check the merchant dealt with leaves the shop's alert list, and a
        // late delivery of an order deleted on request is removed again.
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:TransactWriteItems",
                "dynamodb:DeleteItem", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
                "sqs:SendMessage", "secretsmanager:GetSecretValue"), actions("OrderProcessorFunction"));
        assertEquals(Set.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:TransactWriteItems",
                "secretsmanager:GetSecretValue"), actions("OutboxDispatcherFunction"));
    }

    @Test
    void theDispatcherRunsOnASchedule() {
        JsonNode function = template.at("/Resources/OutboxDispatcherFunction/Properties");
        assertEquals(OutboxDispatcher.class.getPackageName() + ".OutboxDispatcherHandler::handleRequest",
                function.get("Handler").asText());
        assertEquals("Schedule", function.at("/Events/EveryTwoMinutes/Type").asText());
        assertTrue(function.at("/Events/EveryTwoMinutes/Properties/Schedule").asText().startsWith("rate("));
    }

    private Set<String> actions(String function) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : template.at("/Resources/" + function + "/Properties/Policies")) {
            for (JsonNode statement : policy.get("Statement")) {
                JsonNode action = statement.get("Action");
                if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
            }
        }
        return actions;
    }
}
