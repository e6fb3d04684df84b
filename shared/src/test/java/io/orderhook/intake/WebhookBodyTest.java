package io.orderhook.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookBodyTest {

    static Stream<Arguments> readableBodies() {
        return Stream.of(
                Arguments.of("{\"id\":727,\"date_modified_gmt\":\"2017-03-22T19:28:08\"}", "727", "2017-03-22T19:28:08"),
                Arguments.of("{\"line_items\":[{\"id\":1,\"date_modified_gmt\":\"x\"}],\"id\":9,\"date_modified_gmt\":\"2024-01-02T03:04:05\"}",
                        "9", "2024-01-02T03:04:05"),
                Arguments.of("{\"id\":\"42\",\"date_modified_gmt\":\"2024-01-02T03:04:05\"}", "42", "2024-01-02T03:04:05"),
                Arguments.of("{\"id\": 88}", "88", null),
                Arguments.of(" {\"id\":5,\"date_modified_gmt\":null} \n", "5", null));
    }

    @ParameterizedTest
    @MethodSource("readableBodies")
    void theIdAndModificationTimeAreReadFromTheTopLevelOnly(String body, String id, String modified) {
        WebhookBody.Read read = WebhookBody.read(body.getBytes(StandardCharsets.UTF_8));
        WebhookBody.Read.Order order = assertInstanceOf(WebhookBody.Read.Order.class, read);
        assertEquals(id, order.orderId());
        assertEquals(modified, order.modifiedGmt());
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("", "not a JSON object"),
                Arguments.of("webhook_id=5", "not valid JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("{\"id\":1,", "not valid JSON"),
                Arguments.of("{\"id\":1} {}", "content after"),
                Arguments.of("{\"status\":\"processing\"}", "no positive integer"),
                Arguments.of("{\"id\":0}", "no positive integer"),
                Arguments.of("{\"id\":-3}", "no positive integer"),
                Arguments.of("{\"id\":1.5}", "no positive integer"),
                Arguments.of("{\"id\":{\"x\":1}}", "no positive integer"),
                Arguments.of("{\"id\":7,\"date_modified_gmt\":\"yesterday\"}", "date_modified_gmt"));
    }

    @ParameterizedTest
    @MethodSource("unreadableBodies")
    void aBodyWithoutAUsableOrderIdIsUnreadableWithAReason(String body, String reasonPart) {
        WebhookBody.Read read = WebhookBody.read(body.getBytes(StandardCharsets.UTF_8));
        WebhookBody.Read.Unreadable unreadable = assertInstanceOf(WebhookBody.Read.Unreadable.class, read);
        org.junit.jupiter.api.Assertions.assertTrue(unreadable.reason().contains(reasonPart), unreadable.reason());
    }
}
