package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.expiry.ExpiryScan;
import io.orderhook.processing.CreditAlerts;
import io.orderhook.outbox.NoteBacklog;
import io.orderhook.schedule.JobMetrics;
import io.orderhook.sweep.OrderSweep;

/**
 * Every failure an operator must see has an alarm in template.yaml, and every alarm reaches the
 * one SNS topic: one row per failure mode, the alarm found by the metric it watches.
 */
class TemplateAlarmsTest {
    private static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.find());
    private static final JsonNode RESOURCES = TEMPLATE.root().path("Resources");
    private static final String TOPIC = "OrderhookAlarms";

    private static List<JsonNode> alarms() {
        List<JsonNode> alarms = new ArrayList<>();
        RESOURCES.forEach(r -> {
            if (r.path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarms.add(r.path("Properties"));
            }
        });
        return alarms;
    }

    private static Predicate<JsonNode> watches(String namespace, String metric, String dimension, String value) {
        return alarm -> alarm.path("Namespace").asText().equals(namespace) && alarm.path("MetricName").asText().equals(metric)
                && (dimension == null || alarm.path("Dimensions").toString().contains(
                        "{\"Name\":\"" + dimension + "\",\"Value\":\"" + value + "\"}"));
    }

    static Stream<Arguments> failureModes() {
        List<Arguments> modes = new ArrayList<>(List.of(
                Arguments.of("an order the processor gave up on",
                        watches(JobMetrics.NAMESPACE, "failed-orders", JobMetrics.DIMENSION, "give-up")),
                Arguments.of("a batch of the failure destination the give-up could not handle",
                        watches("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "OrderProcessorFailuresUnhandled.QueueName")),
                Arguments.of("a delivery quarantined", watches(JobMetrics.NAMESPACE, "quarantined", null, null)),
                Arguments.of("a note undelivered for over an hour",
                        watches(JobMetrics.NAMESPACE, NoteBacklog.OVER_AN_HOUR, JobMetrics.DIMENSION, NoteBacklog.NAME)),
                Arguments.of("a disabled, paused or missing webhook",
                        watches(JobMetrics.NAMESPACE, OrderSweep.WEBHOOKS_DOWN, JobMetrics.DIMENSION, OrderSweep.NAME)),
                Arguments.of("changes only the sweep found",
                        watches(JobMetrics.NAMESPACE, OrderSweep.CAUGHT_UP, JobMetrics.DIMENSION, OrderSweep.NAME)),
                Arguments.of("a shop the sweep could not list",
                        watches(JobMetrics.NAMESPACE, OrderSweep.SHOPS_FAILED, JobMetrics.DIMENSION, OrderSweep.NAME)),
                Arguments.of("an uncaptured order warned that its authorisation lapses soon",
                        watches(JobMetrics.NAMESPACE, ExpiryScan.WARNED, JobMetrics.DIMENSION, ExpiryScan.NAME)),
                Arguments.of("an order that failed its credit check",
                        watches(JobMetrics.NAMESPACE, CreditAlerts.METRIC, CreditAlerts.DIMENSION, "credit"))));
        for (String function : TEMPLATE.functions().keySet()) {
            modes.add(Arguments.of(function + " errors", watches("AWS/Lambda", "Errors", "FunctionName", function)));
            modes.add(Arguments.of(function + " throttled", watches("AWS/Lambda", "Throttles", "FunctionName", function)));
        }
        return modes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failureModes")
    void theFailureHasAnAlarmThatFiresAtTheFirstOccurrenceAndReachesTheTopic(String mode, Predicate<JsonNode> watches) {
        List<JsonNode> matching = alarms().stream().filter(watches).toList();

        assertEquals(1, matching.size(), mode + ": " + matching);
        JsonNode alarm = matching.get(0);
        assertEquals(List.of(TOPIC), List.of(alarm.path("AlarmActions").get(0).asText()), mode);
        assertEquals(0, alarm.path("Threshold").asInt(-1), mode);
        assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText(), mode);
        assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), "no data is no failure: " + mode);
    }

    @Test
    void theTopicIsMailedToTheAlarmEmailParameterWhenOneIsGiven() {
        assertEquals("AWS::SNS::Topic", RESOURCES.path(TOPIC).path("Type").asText());
        JsonNode subscription = RESOURCES.path("OrderhookAlarmsEmail");
        assertEquals("AWS::SNS::Subscription", subscription.path("Type").asText());
        assertEquals(Map.of("TopicArn", TOPIC, "Protocol", "email", "Endpoint", "AlarmEmail"), Map.of(
                "TopicArn", subscription.at("/Properties/TopicArn").asText(),
                "Protocol", subscription.at("/Properties/Protocol").asText(),
                "Endpoint", subscription.at("/Properties/Endpoint").asText()));
        assertTrue(TEMPLATE.root().at("/Parameters/AlarmEmail").isObject());
    }

    @Test
    void theWatchedQueueIsTheProcessorsFailureDestinationAndTheQuarantineMetricComesFromTheReceiversLog() {
        JsonNode mapping = TEMPLATE.function("OrderProcessorFunction").events().get(0).properties();
        assertEquals("OrderProcessorFailures.Arn", mapping.at("/DestinationConfig/OnFailure/Destination").asText());

        String receiverLog = RESOURCES.at("/WebhookReceiverFunction/Properties/LoggingConfig/LogGroup").asText();
        JsonNode filter = RESOURCES.path("QuarantineMetricFilter").path("Properties");
        assertEquals(receiverLog, filter.path("LogGroupName").asText());
        assertTrue(filter.path("FilterPattern").asText().contains("$.outcome = \"quarantined\""));
        assertEquals("quarantined", filter.at("/MetricTransformations/0/MetricName").asText());
    }
}
