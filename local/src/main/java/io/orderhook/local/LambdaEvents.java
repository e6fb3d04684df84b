package io.orderhook.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/**
 * Reads an event file in the JSON the Lambda service sends (what {@code sam local invoke -e}
 * takes) into the handler's input type, the way the Java runtime's serializer does for the
 * three kinds orderhook's functions take: API Gateway payload 2.0, DynamoDB stream batches
 * ({@code Records}, {@code NewImage} with {@code {"S": ...}} values) and EventBridge scheduled
 * events ({@code detail-type}).
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
        try {
            if (inputType == DynamodbEvent.class) {
                return dynamodbEvent(json);
            }
            if (inputType == ScheduledEvent.class) {
                return scheduledEvent(json);
            }
            if (inputType == APIGatewayV2HTTPEvent.class && !json.has("routeKey")) {
                throw new IllegalArgumentException("it has no routeKey");
            }
            return Json.MAPPER.treeToValue(json, inputType);
        } catch (IOException | RuntimeException e) {
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
        return null;
    }

    static DynamodbEvent dynamodbEvent(JsonNode json) {
        JsonNode records = json.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new IllegalArgumentException("it has no Records");
        }
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
        for (JsonNode r : records) {
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID(r.path("eventID").asText(null));
            record.setEventName(r.path("eventName").asText(null));
            record.setEventVersion(r.path("eventVersion").asText(null));
            record.setEventSource(r.path("eventSource").asText(null));
            record.setAwsRegion(r.path("awsRegion").asText(null));
            record.setEventSourceARN(r.path("eventSourceARN").asText(null));
            JsonNode d = r.path("dynamodb");
            StreamRecord stream = new StreamRecord()
                    .withSequenceNumber(d.path("SequenceNumber").asText(null))
                    .withKeys(image(d.path("Keys")))
                    .withNewImage(image(d.path("NewImage")));
            if (d.has("StreamViewType")) {
                stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(d.get("StreamViewType").asText()));
            }
            if (d.has("SizeBytes")) {
                stream.setSizeBytes(d.get("SizeBytes").asLong());
            }
            if (d.has("OldImage")) {
                stream.setOldImage(image(d.get("OldImage")));
            }
            if (d.has("ApproximateCreationDateTime")) {
                // Epoch seconds, possibly with a fraction.
                stream.setApproximateCreationDateTime(new Date((long) (d.get("ApproximateCreationDateTime").asDouble() * 1000)));
            }
            record.setDynamodb(stream);
            out.add(record);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(out);
        return event;
    }

    private static Map<String, AttributeValue> image(JsonNode image) {
        if (image == null || image.isMissingNode() || image.isNull()) {
            return null;
        }
        Map<String, AttributeValue> out = new HashMap<>();
        image.fields().forEachRemaining(e -> out.put(e.getKey(), attribute(e.getValue())));
        return out;
    }

    private static AttributeValue attribute(JsonNode v) {
        AttributeValue out = new AttributeValue();
        if (v.has("S")) {
            out.setS(v.get("S").asText());
        } else if (v.has("N")) {
            out.setN(v.get("N").asText());
        } else if (v.has("B")) {
            out.setB(ByteBuffer.wrap(Base64.getDecoder().decode(v.get("B").asText())));
        } else if (v.has("BOOL")) {
            out.setBOOL(v.get("BOOL").asBoolean());
        } else if (v.has("NULL")) {
            out.setNULL(true);
        } else if (v.has("SS")) {
            out.setSS(Json.MAPPER.convertValue(v.get("SS"), new TypeReference<List<String>>() { }));
        } else if (v.has("NS")) {
            out.setNS(Json.MAPPER.convertValue(v.get("NS"), new TypeReference<List<String>>() { }));
        } else if (v.has("M")) {
            out.setM(image(v.get("M")));
        } else if (v.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            v.get("L").forEach(item -> list.add(attribute(item)));
            out.setL(list);
        } else {
            throw new IllegalArgumentException("attribute value " + v + " has no DynamoDB type (S, N, B, BOOL, NULL, SS, NS, M, L)");
        }
        return out;
    }

    static ScheduledEvent scheduledEvent(JsonNode json) {
        if (!json.has("detail-type")) {
            throw new IllegalArgumentException("it has no detail-type");
        }
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion(json.path("version").asText(null));
        event.setId(json.path("id").asText(null));
        event.setDetailType(json.path("detail-type").asText());
        event.setSource(json.path("source").asText(null));
        event.setAccount(json.path("account").asText(null));
        event.setRegion(json.path("region").asText(null));
        if (json.has("time")) {
            event.setTime(new org.joda.time.DateTime(json.get("time").asText()));
        }
        List<String> resources = new ArrayList<>();
        json.path("resources").forEach(r -> resources.add(r.asText()));
        event.setResources(resources);
        event.setDetail(json.has("detail") ? Json.MAPPER.convertValue(json.get("detail"),
                new TypeReference<Map<String, Object>>() { }) : Map.of());
        return event;
    }
}
