package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.processing.NoteDelivery;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;

/**
 * Shops on plain http, as a staging or local WooCommerce is: orderhook writes back with OAuth
 * 1.0a and WooCommerce accepts it; a shop configured for Basic auth gets WooCommerce's 401, and
 * orderhook's note says the transport is why.
 */
class PlainHttpShopTest {
    private static final String KEY = "ck_5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d";
    private static final String SECRET = "cs_6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e";
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));
    private static ShopSimulator oauthShop;
    private static ShopSimulator basicShop;

    @BeforeAll
    static void start() {
        oauthShop = ShopSimulator.builder().restKey(KEY, SECRET).swedishVat().build().start();
        basicShop = ShopSimulator.builder().restKey(KEY, SECRET).swedishVat().build().start();
        connect("oauthshop", oauthShop);
        connect("basicshop", basicShop);
        // The merchant of the second shop told orderhook to use Basic auth, as over HTTPS.
        ShopConfigStore store = new ShopConfigStore(stack.backend().dynamo(), LocalBackend.TABLE);
        ShopConfig config = store.read("basicshop").orElseThrow();
        store.save(new ShopConfig(config.shopId(), config.shopUrl(), config.webhookSecretRef(), config.restKeyRef(),
                config.restSecretRef(), config.provider(), config.settings(), config.version() + 1, RestAuth.BASIC));
        LocalStackSteps.sleep(1100); // every handler's configuration cache lives one second
    }

    @AfterAll
    static void stop() {
        oauthShop.close();
        basicShop.close();
    }

    private static void connect(String shopId, ShopSimulator shop) {
        LocalStackSteps.CliRun run = LocalStackSteps.orderhook("connect", shopId, "--url", shop.shopUrl().toString(), "--key", KEY,
                "--secret", SECRET, "--billmate-id", LocalShops.DEMO_BILLMATE_ID, "--billmate-secret", LocalShops.DEMO_BILLMATE_SECRET,
                "--billmate-endpoint", stack.base() + LocalBackend.BILLMATE_PATH + "/", "--stack", stack.base().toString());
        assertEquals(0, run.status(), "connect " + shopId + ": " + run.err());
    }

    @Test
    void aShopOnPlainHttpIsWrittenBackWithOAuth() {
        assertTrue(oauthShop.shopUrl().toString().startsWith("http://"));
        String[] order = LocalStackSteps.checkout(stack.backend(), stack.base(), oauthShop);

        oauthShop.setStatus(order[0], "completed");

        String expected = "Billmate reservation was successfully activated. Activation number: " + order[1] + ".";
        await(() -> oauthShop.notes(order[0], OrderNote.Origin.REST_API).stream()
                .anyMatch(n -> NoteDelivery.withoutReference(n.note()).equals(expected)), "the note, written over OAuth 1.0a");
        assertEquals(order[1], oauthShop.meta(order[0]).get("_orderhook_activation_number"),
                "the order update went through too");
    }

    @Test
    void basicAuthToAShopOnPlainHttpGetsWooCommerces401AndTheNoteNamesTheTransport() {
        String[] order = LocalStackSteps.checkout(stack.backend(), stack.base(), basicShop);

        basicShop.setStatus(order[0], "completed");

        await(() -> lastError("basicshop", order[0]) != null, "the activation note's failed delivery");
        String lastError = lastError("basicshop", order[0]);
        assertTrue(lastError.startsWith("401 woocommerce_rest_cannot_edit: Sorry, you are not allowed to edit this resource. "
                + "Likely cause (transport): the shop is on plain http, where WooCommerce ignores Basic auth"), lastError);
        assertTrue(basicShop.notes(order[0], OrderNote.Origin.REST_API).isEmpty(), "WooCommerce accepted nothing");
        assertEquals(401, basicShop.restCalls().stream().filter(c -> c.path().equals("/orders/" + order[0]))
                .filter(c -> c.method().equals("PUT")).findFirst().orElseThrow().status());

        String shown = LocalStackSteps.orderhook("orders", "basicshop", order[0], "--url", stack.base().toString()).out();
        assertTrue(shown.contains("[pending] Billmate reservation was successfully activated")
                && shown.contains("Likely cause (transport)"), shown);
    }

    private static String lastError(String shopId, String orderId) {
        LocalHttp.Answer answer = new LocalHttp(stack.base()).get("/admin/shops/" + shopId + "/orders/" + orderId);
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode note : answer.body().get("notes")) {
            if (note.get("text").asText().startsWith("Billmate reservation was successfully activated")
                    && !note.path("lastError").isNull()) {
                return note.get("lastError").asText();
            }
        }
        return null;
    }
}
