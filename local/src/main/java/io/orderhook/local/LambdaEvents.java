package io.orderhook.local;

import java.io.IOException;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/**
 * Reads an event file in the JSON the Lambda service sends (what {@code sam local invoke -e}
 * takes) into the handler's input type. aws-lambda-java-tests' {@link EventLoader} does the
 * reading with the Lambda Java runtime's own serializers (aws-lambda-java-serialization), so a
 * function gets the objects it gets in AWS: for the three kinds orderhook's functions take (API
 * Gateway payload 2.0, DynamoDB stream batches, EventBridge scheduled events) they equal what the
 * hand-written reader this replaced built, with the scheduled event's time in UTC as the runtime
 * gives it.
 *
 * <p>Ours stays the check that the file is of the function's kind: the serializers turn any JSON
 * into an event, and an empty one would fail somewhere deep in the handler instead of naming the
 * wrong file.
 */
public final class LambdaEvents {
    private LambdaEvents() {}

    public static Object read(Path file, Class<?> inputType) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        String missing = missingField(json, inputType);
        if (missing != null) {
            throw new IllegalArgumentException(file + " is not a " + inputType.getSimpleName() + " event: it has no " + missing);
        }
        try {
            // EventLoader looks for the name on the classpath first, which an absolute path never is, and
            // takes only names that end in "json".
            return EventLoader.loadEvent(file.toAbsolutePath().toString(), inputType);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a " + inputType.getSimpleName() + " event: " + e.getMessage(), e);
        }
    }

    /** What kind of event source the file comes from: HttpApi, DynamoDB, Schedule, or null. */
    public static String sourceType(JsonNode json) {
        if (json.has("routeKey") && "2.0".equals(json.path("version").asText())) {
            return "HttpApi";
        }
        JsonNode first = json.path("Records").path(0);
        if ("aws:dynamodb".equals(first.path("eventSource").asText())) {
            return "DynamoDB";
        }
        if ("Scheduled Event".equals(json.path("detail-type").asText())) {
            return "Schedule";
        }
        if ("aws:sqs".equals(first.path("eventSource").asText())) {
            return "SQS";
        }
        return null;
    }

    /** The field every event of the input type has and this one lacks, or null. */
    private static String missingField(JsonNode json, Class<?> inputType) {
        if (inputType == APIGatewayV2HTTPEvent.class && !json.has("routeKey")) {
            return "routeKey";
        }
        if (inputType == DynamodbEvent.class && (!json.path("Records").isArray() || json.path("Records").isEmpty())) {
            return "Records";
        }
        if (inputType == ScheduledEvent.class && !json.has("detail-type")) {
            return "detail-type";
        }
        if (inputType == SQSEvent.class && (!json.path("Records").isArray() || json.path("Records").isEmpty())) {
            return "Records";
        }
        return null;
    }
}
