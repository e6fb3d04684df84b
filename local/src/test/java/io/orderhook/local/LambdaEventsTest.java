package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/** Event files read as the Lambda Java runtime reads them (what orderhook invoke hands the handler). */
class LambdaEventsTest {
    private static final Path EVENTS = SamTemplate.find().getParent().resolve("events");

    @Test
    void aStreamBatchKeepsItsImagesSequenceNumberAndCreationTime() {
        DynamodbEvent event = (DynamodbEvent) LambdaEvents.read(
                EVENTS.resolve("order-processor/inbox-insert.order.updated.completed.json"), DynamodbEvent.class);

        DynamodbEvent.DynamodbStreamRecord record = event.getRecords().get(0);
        assertEquals(1, event.getRecords().size());
        assertEquals("INSERT", record.getEventName());
        assertEquals("INBOX", record.getDynamodb().getNewImage().get("type").getS());
        assertEquals("1717309801", record.getDynamodb().getNewImage().get("expiresAt").getN());
        assertEquals("SHOP#demo#ORDER#1234", record.getDynamodb().getKeys().get("PK").getS());
        assertEquals("111100000000012345678901", record.getDynamodb().getSequenceNumber());
        assertEquals(Date.from(Instant.ofEpochSecond(1714717801)), record.getDynamodb().getApproximateCreationDateTime());
    }

    @Test
    void aScheduledEventHasTheTimeOfTheFile() {
        ScheduledEvent event = (ScheduledEvent) LambdaEvents.read(EVENTS.resolve("outbox-dispatcher/schedule.json"), ScheduledEvent.class);

        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals(Instant.parse("2024-05-03T06:32:00Z").toEpochMilli(), event.getTime().getMillis());
        assertTrue(event.getResources().get(0).endsWith(":rule/orderhook-OutboxDispatcherFunctionEveryTwoMinutes"));
    }

    @Test
    void aWebhookDeliveryKeepsItsHeadersAndBody() {
        APIGatewayV2HTTPEvent event = (APIGatewayV2HTTPEvent) LambdaEvents.read(EVENTS.resolve("order.updated.completed.json"),
                APIGatewayV2HTTPEvent.class);

        assertEquals("POST /webhooks/woocommerce/{shopId}", event.getRouteKey());
        assertEquals("demo", event.getPathParameters().get("shopId"));
        assertEquals("order.updated", event.getHeaders().get("x-wc-webhook-topic"));
        assertTrue(event.getBody().startsWith("{\"id\":1234,"), event.getBody());
    }

    @Test
    void aFileOfAnotherKindIsRefusedNamingWhatItLacks() {
        IllegalArgumentException notAStream = assertThrows(IllegalArgumentException.class,
                () -> LambdaEvents.read(EVENTS.resolve("ping.json"), DynamodbEvent.class));
        IllegalArgumentException notADelivery = assertThrows(IllegalArgumentException.class,
                () -> LambdaEvents.read(EVENTS.resolve("outbox-dispatcher/schedule.json"), APIGatewayV2HTTPEvent.class));

        assertTrue(notAStream.getMessage().endsWith("ping.json is not a DynamodbEvent event: it has no Records"), notAStream.getMessage());
        assertTrue(notADelivery.getMessage().endsWith("is not a APIGatewayV2HTTPEvent event: it has no routeKey"), notADelivery.getMessage());
    }
}
