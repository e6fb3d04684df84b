package io.orderhook.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.store.InboxStore;
import io.orderhook.testkit.EventFiles;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EventFilesAcceptedTest {

    static Stream<Path> eventFiles() {
        return EventFiles.list(EventFiles.eventsDirectory()).stream();
    }

    @Test
    void theEventsFolderHasOneFilePerDeliveryKind() {
        assertEquals(List.of("order.created.json", "order.deleted.json", "order.updated.cancelled.json",
                        "order.updated.completed.json", "order.updated.on-hold.json", "order.updated.processing.json",
                        "order.updated.refunded.json", "ping.json"),
                eventFiles().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void everySampleEventIsAcceptedByTheHandler(Path file) {
        ReceiverFixture fixture = new ReceiverFixture();
        APIGatewayV2HTTPEvent event = EventFiles.read(file);
        assertEquals(EventFiles.DEMO_SHOP, event.getPathParameters().get("shopId"));

        APIGatewayV2HTTPResponse response = fixture.post(event);

        assertEquals(200, response.getStatusCode(), file + ": " + response.getBody());
        if (file.getFileName().toString().equals("ping.json")) {
            assertEquals("{\"status\":\"ping\"}", response.getBody());
            assertEquals(List.of(), fixture.storedDeliveries());
            return;
        }
        assertEquals("{\"status\":\"accepted\"}", response.getBody(), file.toString());
        List<Map<String, AttributeValue>> inbox = fixture.inboxItems();
        assertEquals(1, inbox.size());
        var item = InboxStore.fromAttributes(inbox.get(0));
        assertEquals("1234", item.orderId());
        assertEquals(event.getHeaders().get("x-wc-webhook-topic"), item.topic());
        assertEquals(new String(EventFiles.body(event), StandardCharsets.UTF_8), item.body());
        assertTrue(event.getHeaders().get("x-wc-webhook-signature").length() > 0);

        assertEquals("{\"status\":\"duplicate\"}", fixture.post(event).getBody(), "sent twice");
    }
}
