package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.orderhook.connect.ShopConnector;
import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.testkit.HttpApiEvent;
import io.orderhook.wiring.Wiring;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.testkit.woocommerce.ShopWebhook;

/**
 * {@code POST /admin/shops/{shopId}/connect} and {@code .../disconnect} as Lambda runs them in AWS:
 * the webhook URL taken from API Gateway's domain name, an HTTPS shop (the simulator with its test
 * certificate) connected with Basic auth, or with query-string keys where the server strips the
 * Authorization header; secrets go to the secret store, never into the answer.
 */
class ConnectRouteTest extends AdminApiTest {
    private static final String KEY = "ck_7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    private static final String SECRET = "cs_8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b";
    private FileSecretResolver secrets;
    private AdminApiHandler handler;
    private ShopSimulator shop;

    @BeforeEach
    void connectRoutes() {
        secrets = new FileSecretResolver(admin.secretsFile);
        Wiring wiring = Wiring.builder(admin.dynamo, admin.table, secrets)
                .shopConnector((configs, store) -> new ShopConnector(configs, store,
                        (url, key, secret, auth) -> WooCommerceRestClient.builder(url, key, secret).auth(auth)
                                .sslContext(ShopSimulator.clientSslContext()).build(),
                        ShopConnector.httpPinger(), ShopConnector::newWebhookSecret))
                .build();
        handler = new AdminApiHandler(new AdminApi(wiring));
    }

    @AfterEach
    void tearDown() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void inAwsTheWebhookUrlComesFromTheApisDomainAndAnHttpsShopIsConnectedWithBasicAuth() {
        shop = ShopSimulator.builder().restKey(KEY, SECRET).https().build().start();

        AdminFixture.Reply reply = call("POST", "/admin/shops/shop-b/connect", connectBody(), "localhost");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals("connected", reply.body().get("status").asText());
        assertEquals("auto (basic)", reply.body().get("restAuth").asText());
        assertEquals(4, shop.webhooks().size());
        for (ShopWebhook webhook : shop.webhooks()) {
            assertEquals(URI.create("https://localhost/webhooks/woocommerce/shop-b"), webhook.deliveryUrl());
            assertEquals(secrets.resolve("orderhook/shops/shop-b#webhookSecret"), webhook.secret());
        }
        assertEquals(KEY, secrets.resolve("orderhook/shops/shop-b#restKey"));
        assertEquals("4321", admin.shops.read("shop-b").orElseThrow().provider().accountId());
        assertTrue(reply.body().get("toDo").toString().contains("answered nothing to a ping from here"), reply.body().toString());
        String answer = reply.body().toString();
        assertTrue(!answer.contains(SECRET) && !answer.contains(secrets.resolve("orderhook/shops/shop-b#webhookSecret")),
                "no secret in the answer: " + answer);

        AdminFixture.Reply disconnected = call("POST", "/admin/shops/shop-b/disconnect", "{}", "localhost");
        assertEquals(200, disconnected.status(), disconnected.body().toString());
        assertEquals(4, disconnected.body().get("done").size());
        assertTrue(shop.webhooks().isEmpty());
    }

    @Test
    void aServerThatStripsTheAuthorizationHeaderIsConnectedWithQueryStringKeysAndTheConfigurationSaysSo() {
        shop = ShopSimulator.builder().restKey(KEY, SECRET).https().stripsAuthorizationHeader().build().start();

        AdminFixture.Reply reply = call("POST", "/admin/shops/shop-c/connect", connectBody(), "localhost");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals("query", reply.body().get("restAuth").asText());
        assertTrue(reply.body().get("checks").toString().contains("strips the Authorization header"), reply.body().toString());
        assertEquals(RestAuth.QUERY, admin.shops.read("shop-c").orElseThrow().restAuth());
        assertEquals(4, shop.webhooks().size());
    }

    @Test
    void outsideAwsTheRequestMustNameTheWebhookUrlAndUnknownFieldsAreRefused() {
        AdminFixture.Reply noUrl = call("POST", "/admin/shops/shop-d/connect",
                "{\"url\":\"https://shop.example\",\"key\":\"ck\",\"secret\":\"cs\"}", null);
        AdminFixture.Reply unknown = call("POST", "/admin/shops/shop-d/connect",
                "{\"url\":\"https://shop.example\",\"key\":\"ck\",\"secret\":\"cs\",\"password\":\"x\"}", "localhost");
        AdminFixture.Reply badAuth = call("POST", "/admin/shops/shop-d/connect",
                "{\"url\":\"https://shop.example\",\"key\":\"ck\",\"secret\":\"cs\",\"auth\":\"digest\"}", "localhost");

        noUrl.assertRefused(400, "give deliveryUrl");
        unknown.assertRefused(400, "password");
        badAuth.assertRefused(400, "auto, basic, query, oauth1");
    }

    @Test
    void disconnectingAShopOrderhookDoesNotKnowIs404() {
        AdminFixture.Reply reply = call("POST", "/admin/shops/shop-z/disconnect", "{}", "localhost");

        reply.assertKind(404, "unknown-shop");
    }

    private String connectBody() {
        return "{\"url\":\"" + shop.shopUrl() + "\",\"key\":\"" + KEY + "\",\"secret\":\"" + SECRET + "\","
                + "\"billmate\":{\"id\":\"4321\",\"secret\":\"billmate-secret\",\"testMode\":true}}";
    }

    /** As API Gateway passes it, with the API's domain name in the request context. */
    private AdminFixture.Reply call(String method, String path, String body, String domainName) {
        APIGatewayV2HTTPEvent event = HttpApiEvent.request(method, path, method + " " + path)
                .domainName(domainName).base64Body(body).build();
        return AdminFixture.reply(handler.handleRequest(event, null));
    }
}
