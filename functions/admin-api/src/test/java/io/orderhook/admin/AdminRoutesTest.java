package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.wiring.Wiring;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.HttpApiEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Methods, paths and bodies the admin routes do not take, and what they answer instead. */
class AdminRoutesTest extends AdminApiTest {
    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("POST", "/admin/shops/shop-a/orders/1001", "GET, DELETE"),
                Arguments.of("PUT", "/admin/shops/shop-a/orders/1001", "GET, DELETE"),
                Arguments.of("DELETE", "/admin/shops/shop-a/orders/1001/fraud", "GET"),
                Arguments.of("POST", "/admin/shops/shop-a/settings", "GET, PUT"),
                Arguments.of("PATCH", "/admin/shops/shop-a/settings", "GET, PUT"),
                Arguments.of("PUT", "/admin/shops/shop-a/quarantine", "GET"),
                Arguments.of("GET", "/admin/shops/shop-a/quarantine/replay", "POST"));
    }

    @ParameterizedTest(name = "{0} {1} is 405, the route takes {2}")
    @MethodSource("wrongMethods")
    void aMethodTheRouteDoesNotTakeIs405AndNamesTheOnesItTakes(String method, String path, String allowed) {
        AdminFixture.Reply reply = admin.call(method, path, "{}");

        reply.assertKind(405, "method-not-allowed");
        assertEquals("this route takes " + allowed, reply.reason());
    }

    @Test
    void aPathThatIsNoAdminRouteIs404AndListsTheRoutes() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/refunds");

        reply.assertRefused(404, "PUT /admin/shops/{shopId}/settings");
        for (AdminApi.Route route : AdminApi.ROUTES) {
            assertTrue(reply.reason().contains(route.key()), route.key() + " listed in: " + reply.reason());
        }
    }

    @Test
    void malformedJsonIs400() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"debugLog\": }");

        assertEquals(400, reply.status());
        assertTrue(reply.reason().startsWith("the body is not JSON"), reply.reason());
    }

    @Test
    void aShopIdThatCannotBeAShopIs400() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop%23a/settings");

        reply.assertRefused(400, "is not a shop id");
    }

    @Test
    void aNamedStageBeforeThePathIsRoutedLikeTheDefaultStage() {
        AdminFixture.Reply reply = admin.get("/prod/admin/shops/shop-a/settings");

        assertEquals(200, reply.status());
        assertEquals("shop-a", reply.body().get("shopId").asText());
    }

    @Test
    void aPlainTextBodyWithoutBase64IsReadAsIs() {
        // No request context: the method comes from the route key.
        APIGatewayV2HTTPEvent event = HttpApiEvent.builder().routeKey("PUT /admin/shops/{shopId}/settings")
                .rawPath("/admin/shops/shop-a/settings").body("{\"debugLog\":true}").build();

        APIGatewayV2HTTPResponse response = admin.handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        assertTrue(admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().debugLog());
    }

    @Test
    void whenDynamoDbFailsTheAnswerIs503WithWhatFailedNotABare500() {
        DynamoDbClient dynamo = DynamoDbLocal.shared().client();
        String missing = "no-such-table";
        FileSecretResolver secrets = new FileSecretResolver(directory.resolve("secrets.properties"));
        AdminApi api = new AdminApi(Wiring.builder(dynamo, missing, secrets).build());

        AdminApi.Answer answer = api.handle("GET", "/admin/shops/shop-a/settings", null);

        assertEquals(503, answer.status());
        assertTrue(answer.body().contains("ResourceNotFoundException"), answer.body());
        assertTrue(answer.body().contains("try again"), answer.body());
    }

    @Test
    void noMethodAtAllIs405NotACrash() {
        AdminApi.Answer answer = new AdminApi(admin.wiring).handle(null, "/admin/shops/shop-a/settings", null);

        assertEquals(405, answer.status());
    }
}
