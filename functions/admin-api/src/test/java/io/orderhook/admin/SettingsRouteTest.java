package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;

/** GET and PUT /admin/shops/{shopId}/settings against the shop's configuration item in DynamoDB. */
class SettingsRouteTest extends AdminApiTest {
    @Test
    void getShowsTheStoredSettingsAndVersion() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/settings");

        assertEquals(200, reply.status());
        assertEquals(1, reply.body().get("version").asLong());
        assertEquals("{\"orderManagementEnabled\":true,\"debugLog\":false,\"debugLogTtlDays\":14,\"paymentMethods\":[\"bco\"],"
                + "\"captureStatus\":\"completed\",\"failureStatus\":\"on-hold\",\"autoUpdate\":true,"
                + "\"paymentNumberFields\":[\"transaction_id\",\"_billmate_transaction_id\",\"billmate_invoice_id\"],"
                + "\"sweep\":{\"reactivateWebhook\":false,\"overlapSeconds\":120,\"settleSeconds\":300}}",
                reply.body().get("settings").toString());
    }

    @Test
    void aPutChangesOnlyTheFieldsItNamesAndIncreasesTheVersion() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"debugLog\":true,\"captureStatus\":\"shipped\",\"paymentMethods\":[\"bco\",\"billmate_invoice\"]}");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals(2, reply.body().get("version").asLong());
        ShopConfig stored = admin.shops.read(AdminFixture.SHOP).orElseThrow();
        assertEquals(2, stored.version());
        ShopSettings s = stored.settings();
        assertTrue(s.debugLog());
        assertEquals("shipped", s.captureStatus());
        assertEquals(Set.of("bco", "billmate_invoice"), s.paymentMethods());
        // untouched
        assertTrue(s.orderManagementEnabled());
        assertEquals("on-hold", s.failureStatus());
        assertEquals(14, s.debugLogTtlDays());
        assertTrue(s.autoUpdate());
        assertEquals("https://shop-a.example", stored.shopUrl(), "a settings change leaves the rest of the configuration");
        assertEquals(AdminFixture.SECRET_REF, stored.webhookSecretRef());
    }

    @Test
    void thePlacesAnOrderKeepsItsPaymentNumberInCanBeChosen() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"paymentNumberFields\":[\"_billmate_transaction_id\",\"transaction_id\"]}");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals(java.util.List.of("_billmate_transaction_id", "transaction_id"),
                admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().paymentNumberFields());
    }

    @Test
    void aPutWithTheCurrentExpectedVersionIsSaved() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"expectedVersion\":1,\"debugLogTtlDays\":30}");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals(30, admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().debugLogTtlDays());
    }

    @Test
    void aPutWithAnOutdatedExpectedVersionIs409AndChangesNothing() {
        admin.call("PUT", "/admin/shops/shop-a/settings", "{\"debugLog\":true}"); // someone else saved: version 2

        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"expectedVersion\":1,\"orderManagementEnabled\":false}");

        reply.assertKind(409, "conflict");
        assertTrue(reply.reason().contains("at version 2, not 1"), reply.reason());
        ShopConfig stored = admin.shops.read(AdminFixture.SHOP).orElseThrow();
        assertEquals(2, stored.version());
        assertTrue(stored.settings().orderManagementEnabled());
    }

    @Test
    void settingsOfAnUnknownShopAre404ForGetAndPut() {
        AdminFixture.Reply get = admin.get("/admin/shops/shop-z/settings");
        AdminFixture.Reply put = admin.call("PUT", "/admin/shops/shop-z/settings", "{\"debugLog\":true}");

        get.assertKind(404, "unknown-shop");
        put.assertRefused(404, "shop-z");
    }

    @Test
    void theSweepSettingsAreOneObjectAndAChangeKeepsWhatItDoesNotName() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"sweep\":{\"reactivateWebhook\":true}}");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals(new io.orderhook.shop.SweepSettings(true, 120, 300),
                admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().sweep());
        AdminFixture.Reply again = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"sweep\":{\"settleSeconds\":60}}");
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(new io.orderhook.shop.SweepSettings(true, 120, 60),
                admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().sweep());
    }

    static Stream<Arguments> refusedChanges() {
        return Stream.of(
                Arguments.of("{\"debuglog\":true}", "unknown settings [debuglog]"),
                Arguments.of("{\"debugLog\":\"yes\"}", "debugLog must be true or false"),
                Arguments.of("{\"orderManagementEnabled\":1}", "orderManagementEnabled must be true or false"),
                Arguments.of("{\"captureStatus\":\"wc-shipped\"}", "without WooCommerce's wc- prefix: use 'shipped'"),
                Arguments.of("{\"captureStatus\":\"shipped-to-customer\"}", "1 to 17 lower-case letters"),
                Arguments.of("{\"captureStatus\":\"Shipped\"}", "1 to 17 lower-case letters"),
                Arguments.of("{\"captureStatus\":\"\"}", "1 to 17 lower-case letters"),
                Arguments.of("{\"captureStatus\":42}", "1 to 17 lower-case letters"),
                Arguments.of("{\"failureStatus\":\"wc-awaiting-the-merchant\"}", "without WooCommerce's wc- prefix"),
                Arguments.of("{\"captureStatus\":\"cancelled\"}", "cannot mean \"capture now\""),
                Arguments.of("{\"captureStatus\":\"on-hold\"}", "cannot mean \"capture now\""),
                Arguments.of("{\"failureStatus\":\"cancelled\"}", "would be read back as an order change"),
                Arguments.of("{\"failureStatus\":\"completed\"}", "would be read back as an order change"),
                Arguments.of("{\"paymentMethods\":[]}", "at least one WooCommerce payment method"),
                Arguments.of("{\"paymentMethods\":\"bco\"}", "paymentMethods must be a list"),
                Arguments.of("{\"paymentMethods\":[\"bco\",\"bad method\"]}", "\"bad method\" is not a WooCommerce gateway id"),
                Arguments.of("{\"paymentNumberFields\":[]}", "paymentNumberFields must list where orders keep the payment number"),
                Arguments.of("{\"paymentNumberFields\":[\"transaction id\"]}", "is not transaction_id or an order meta key"),
                Arguments.of("{\"sweep\":true}", "sweep must be an object"),
                Arguments.of("{\"sweep\":{\"reactivate\":true}}", "sweep has no setting 'reactivate'"),
                Arguments.of("{\"sweep\":{\"overlapSeconds\":-1}}", "must be 0 to 3600, not -1 and 300"),
                Arguments.of("{\"sweep\":{\"reactivateWebhook\":\"yes\"}}", "reactivateWebhook must be true or false"),
                Arguments.of("{\"debugLogTtlDays\":0}", "debugLogTtlDays must be 1 to 365, not 0"),
                Arguments.of("{\"debugLogTtlDays\":1.5}", "debugLogTtlDays must be a whole number"),
                Arguments.of("{\"expectedVersion\":\"1\",\"debugLog\":true}", "expectedVersion must be a whole number"),
                Arguments.of("{}", "the change names no setting"),
                Arguments.of("{\"expectedVersion\":1}", "the change names no setting"),
                Arguments.of("[\"debugLog\"]", "the body must be a JSON object"),
                Arguments.of("{\"debugLog\":tru", "the body is not JSON"));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource("refusedChanges")
    void aChangeThatIsWrongIs400SaysWhatWasWrongAndChangesNothing(String body, String expected) {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", body);

        assertEquals(400, reply.status(), reply.body().toString());
        assertEquals("bad-request", reply.body().get("status").asText());
        assertTrue(reply.reason().contains(expected), reply.reason());
        ShopConfig stored = admin.shops.read(AdminFixture.SHOP).orElseThrow();
        assertEquals(1, stored.version());
        assertEquals(ShopSettings.defaults(), stored.settings());
    }

    @Test
    void customStatusSlugsOfUpToSeventeenCharactersAreAccepted() {
        String seventeen = "awaiting-shipment"; // WooCommerce's limit for custom status slugs
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"captureStatus\":\"" + seventeen + "\",\"failureStatus\":\"payment-issue\"}");

        assertEquals(200, reply.status(), reply.body().toString());
        ShopSettings s = admin.shops.read(AdminFixture.SHOP).orElseThrow().settings();
        assertEquals(17, s.captureStatus().length());
        assertEquals(seventeen, s.captureStatus());
        assertEquals("payment-issue", s.failureStatus());
        assertFalse(s.debugLog());
    }
}
