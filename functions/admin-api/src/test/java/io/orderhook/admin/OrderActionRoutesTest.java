package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capture and bulk routes' answers to what they cannot do, decided before the shop is asked
 * anything (the stack end to end is in local's CaptureOnRequestTest and BulkCaptureTest).
 */
class OrderActionRoutesTest extends AdminApiTest {
    @Test
    void aCaptureRequestWhileTheShopCapturesOnStatusIsRefusedWithWhatToChange() {
        AdminFixture.Reply reply = admin.call("POST", "/admin/shops/shop-a/orders/1201/capture", "");

        assertEquals(409, reply.status(), reply.body().toString());
        assertEquals("refused", reply.body().path("outcome").asText());
        assertTrue(reply.body().path("detail").asText().contains("set the capture trigger to 'request' or 'either'"),
                reply.body().toString());
    }

    @Test
    void aCaptureForAnUnknownShopIs404() {
        AdminFixture.Reply reply = admin.call("POST", "/admin/shops/nobody/orders/1201/capture", "");

        assertEquals(404, reply.status());
        assertEquals("unknown-shop", reply.body().path("status").asText());
    }

    @Test
    void anUnknownBulkJobIs404() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/bulk/1700000000000-abcdef12");

        assertEquals(404, reply.status());
        assertTrue(reply.reason().contains("has no bulk job"), reply.reason());
    }

    @Test
    void aBulkJobOverListedOrdersIsStoredAndAnsweredWithItsId() {
        AdminFixture.Reply reply = admin.call("POST", "/admin/shops/shop-a/bulk",
                "{\"action\":\"capture\",\"orders\":[\"1201\",1202,\"1201\"]}");

        assertEquals(202, reply.status(), reply.body().toString());
        assertEquals(2, reply.body().path("total").asInt(), "duplicates are dropped");
        String job = reply.body().path("job").asText();
        AdminFixture.Reply progress = admin.get("/admin/shops/shop-a/bulk/" + job);
        assertEquals(200, progress.status(), progress.body().toString());
        assertTrue(progress.body().path("finished").asBoolean());
        assertEquals(2, progress.body().path("counts").path("refused").asInt(), "the shop captures on status: "
                + progress.body());
    }

    static Stream<Arguments> refusedBulkJobs() {
        return Stream.of(
                Arguments.of("{\"action\":\"ship\",\"orders\":[\"1\"]}", "the action must be capture, cancel or retry"),
                Arguments.of("{\"action\":\"capture\"}", "name the orders either as"),
                Arguments.of("{\"action\":\"capture\",\"orders\":[\"1\"],\"status\":\"shipped\"}", "name the orders either as"),
                Arguments.of("{\"action\":\"capture\",\"orders\":[]}", "orders must be a non-empty list"),
                Arguments.of("{\"action\":\"capture\",\"orders\":[\"12a\"]}", "is not a WooCommerce order id"),
                Arguments.of("{\"action\":\"capture\",\"orders\":[\"1\"],\"concurrency\":99}", "concurrency must be 1 to 16"),
                Arguments.of("{\"action\":\"capture\",\"status\":\"shipped\",\"modifiedAfter\":\"yesterday\"}",
                        "modifiedAfter must be a UTC time"),
                Arguments.of("{\"action\":\"capture\",\"orders\":[\"1\"],\"speed\":2}", "unknown fields [speed]"));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource("refusedBulkJobs")
    void aBulkJobThatIsWrongIs400AndSaysWhatWasWrong(String body, String expected) {
        AdminFixture.Reply reply = admin.call("POST", "/admin/shops/shop-a/bulk", body);

        assertEquals(400, reply.status(), reply.body().toString());
        assertTrue(reply.reason().contains(expected), reply.reason());
    }
}
