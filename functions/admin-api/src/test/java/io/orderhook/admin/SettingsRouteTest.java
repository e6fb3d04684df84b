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

import io.orderhook.shop.CaptureSettings;
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
                + "\"capture\":{\"trigger\":\"status\",\"metaKey\":\"_orderhook_capture\",\"expiryWarningDays\":2,"
                + "\"extendAllowed\":false},"
                + "\"providers\":{},"
                + "\"declines\":{\"retryHours\":[12,12,24,48,72],\"softStatus\":\"failed\",\"hardStatus\":null,"
                + "\"reviewStatus\":\"on-hold\",\"payAnotherWay\":false,\"payAnotherWayStatus\":\"pending\","
                + "\"payAnotherWayNote\":" + io.orderhook.json.Json.write(io.orderhook.shop.DeclineSettings.DEFAULT_NOTE) + "},"
                + "\"sweep\":{\"reactivateWebhook\":false,\"overlapSeconds\":120,\"settleSeconds\":300},"
                + "\"credit\":{\"paymentMethods\":[],\"pendingStatus\":\"pending-credit\",\"failedStatus\":\"failed-credit\","
                + "\"pendingNote\":" + io.orderhook.json.Json.write(io.orderhook.credit.CreditSettings.DEFAULT_PENDING_NOTE) + ","
                + "\"payAnotherWay\":true,\"source\":\"book\",\"sage\":{\"endpoint\":\"https://api.accounting.sage.com/v3.1\","
                + "\"tokenRef\":null,\"businessId\":null},\"accounts\":{}},"
                + "\"fraud\":{\"enabled\":false,\"threshold\":20.0,\"paymentMethods\":[],\"status\":\"fraud\","
                + "\"captureUnscreened\":true,\"accountId\":\"\",\"licenseKeyRef\":\"\","
                + "\"endpoint\":\"https://minfraud.maxmind.com\"}}",
                reply.body().get("settings").toString());
    }

    @Test
    void creditOrderingIsChangedAsOneObjectItsAccountsByEmailAndAnAccountGivenAsNullIsRemoved() {
        AdminFixture.Reply first = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"credit\":{\"paymentMethods\":[\"invoice\"],\"source\":\"sage\",\"sage\":{\"tokenRef\":\"shops/a#sage\"},"
                        + "\"accounts\":{\"Buyer@Acme.example\":{\"limit\":500000},\"late@payer.example\":{\"limit\":0,\"onHold\":true}}}}");
        AdminFixture.Reply second = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"credit\":{\"accounts\":{\"late@payer.example\":null}}}");

        assertEquals(200, first.status(), first.body().toString());
        assertEquals(200, second.status(), second.body().toString());
        io.orderhook.credit.CreditSettings credit = admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().credit();
        assertEquals(Set.of("invoice"), credit.paymentMethods());
        assertEquals(io.orderhook.credit.CreditSettings.Source.SAGE, credit.source());
        assertEquals("shops/a#sage", credit.sage().tokenRef());
        assertEquals(java.util.Map.of("buyer@acme.example", new io.orderhook.credit.CreditSettings.BookAccount(500_000, false)),
                credit.accounts());
        assertEquals("pending-credit", credit.pendingStatus(), "untouched");
    }

    @Test
    void creditSettingsThatCannotWorkAreRefusedWithWhatToDo() {
        AdminFixture.Reply noToken = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"credit\":{\"source\":\"sage\"}}");
        AdminFixture.Reply longSlug = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"credit\":{\"pendingStatus\":\"pending-credit-checks\"}}");
        AdminFixture.Reply badLimit = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"credit\":{\"accounts\":{\"a@b.example\":{\"limit\":12.5}}}}");

        assertEquals(400, noToken.status());
        assertTrue(noToken.body().toString().contains("credit.sage.tokenRef"), noToken.body().toString());
        assertEquals(400, longSlug.status());
        assertTrue(longSlug.body().toString().contains("17"), longSlug.body().toString());
        assertEquals(400, badLimit.status());
        assertTrue(badLimit.body().toString().contains("minor units"), badLimit.body().toString());
        assertEquals(1, admin.shops.read(AdminFixture.SHOP).orElseThrow().version(), "nothing saved");
    }

    @Test
    void fraudScreeningIsSwitchedOnWithItsAccountAndABadThresholdOrMissingKeyIs400() {
        AdminFixture.Reply on = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"fraud\":{\"enabled\":true,"
                + "\"threshold\":35.5,\"accountId\":\"123456\",\"licenseKeyRef\":\"shops/shop-a/minfraud\"}}");
        assertEquals(200, on.status(), on.body().toString());
        assertEquals(35.5, on.body().path("settings").path("fraud").path("threshold").asDouble());
        assertTrue(on.body().path("settings").path("fraud").path("enabled").asBoolean());

        AdminFixture.Reply tooHigh = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"fraud\":{\"threshold\":100}}");
        assertEquals(400, tooHigh.status());
        assertTrue(tooHigh.body().path("reason").asText().contains("0.01 to 99"), tooHigh.body().toString());
        AdminFixture.Reply noKey = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"fraud\":{\"licenseKeyRef\":\"\"}}");
        assertEquals(400, noKey.status());
        assertTrue(noKey.body().path("reason").asText().contains("licenseKeyRef"), noKey.body().toString());
        AdminFixture.Reply unknown = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"fraud\":{\"licenceKey\":\"x\"}}");
        assertEquals(400, unknown.status());
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
    void theCaptureTriggerIsChangedAsOneObjectAndTheRestOfItStays() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"capture\":{\"trigger\":\"request\",\"metaKey\":\"_parcel_collected\"}}");

        assertEquals(200, reply.status(), reply.body().toString());
        CaptureSettings capture = admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().capture();
        assertEquals(new CaptureSettings(CaptureSettings.Trigger.REQUEST, "_parcel_collected", 2, false), capture);
        assertEquals("request", reply.body().path("settings").path("capture").path("trigger").asText());
    }

    @Test
    void aPaymentMethodIsSentToAProviderAccountAndBackToTheShopsOwn() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"providers\":{\"kco\":{\"provider\":\"Klarna\",\"accountId\":\"M1\",\"secretRef\":\"shops/a#klarna\","
                        + "\"endpoint\":\"eu\",\"testMode\":true},"
                        + "\"stripe\":{\"provider\":\"stripe\",\"secretRef\":\"shops/a#stripe\"}}}");

        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals("{\"kco\":{\"provider\":\"klarna\",\"accountId\":\"M1\",\"secretRef\":\"shops/a#klarna\","
                + "\"endpoint\":\"eu\",\"testMode\":true},\"stripe\":{\"provider\":\"stripe\",\"accountId\":null,"
                + "\"secretRef\":\"shops/a#stripe\",\"endpoint\":null,\"testMode\":false}}",
                reply.body().at("/settings/providers").toString());
        ShopSettings stored = admin.shops.read(AdminFixture.SHOP).orElseThrow().settings();
        assertEquals(new ShopConfig.ProviderAccount("klarna", "M1", "shops/a#klarna", "eu", true),
                stored.providers().accountFor("kco").orElseThrow());

        AdminFixture.Reply back = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"providers\":{\"kco\":null}}");
        assertEquals(200, back.status(), back.body().toString());
        assertEquals(Set.of("stripe"), admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().providers().methods().keySet());
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
    void theDeclineSettingsChangeOnlyTheFieldsNamedAndAreStored() {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings",
                "{\"declines\":{\"retryHours\":[1,6],\"hardStatus\":\"suspended\",\"payAnotherWay\":true,"
                        + "\"payAnotherWayNote\":\"Pay order {order} here: {payment_url}\"}}");

        assertEquals(200, reply.status(), reply.body().toString());
        io.orderhook.shop.DeclineSettings d = admin.shops.read(AdminFixture.SHOP).orElseThrow().settings().declines();
        assertEquals(java.util.List.of(1, 6), d.retryHours());
        assertEquals("suspended", d.hardStatus());
        assertTrue(d.payAnotherWay());
        assertEquals("Pay order {order} here: {payment_url}", d.payAnotherWayNote());
        assertEquals("failed", d.softStatus(), "untouched");
        assertEquals("on-hold", d.reviewStatus(), "untouched");
    }

    static Stream<Arguments> badDeclines() {
        return Stream.of(
                Arguments.of("{\"retryHours\":[0]}", "whole number of hours"),
                Arguments.of("{\"retryHours\":\"12h\"}", "list of at most 10"),
                Arguments.of("{\"softStatus\":\"cancelled\"}", "declines.softStatus"),
                Arguments.of("{\"hardStatus\":\"completed\"}", "declines.hardStatus"),
                Arguments.of("{\"payAnotherWayStatus\":\"on-hold\"}", "pending or failed"),
                Arguments.of("{\"payAnotherWayNote\":\"Pay again\"}", "{payment_url}"),
                Arguments.of("{\"retries\":3}", "declines.retries is not a setting"),
                Arguments.of("{}", "declines must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeclines")
    void aWrongDeclineSettingIs400AndChangesNothing(String declines, String reason) {
        AdminFixture.Reply reply = admin.call("PUT", "/admin/shops/shop-a/settings", "{\"declines\":" + declines + "}");

        assertEquals(400, reply.status(), reply.body().toString());
        assertTrue(reply.reason().contains(reason), reply.reason());
        assertEquals(1, admin.shops.read(AdminFixture.SHOP).orElseThrow().version());
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
        // What the other save left, so the console can name what changed against what it had read.
        assertEquals(2, reply.body().at("/current/version").asLong());
        assertTrue(reply.body().at("/current/settings/debugLog").asBoolean(), reply.body().toString());
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
                Arguments.of("{\"providers\":[\"kco\"]}", "providers must be an object of payment method id to provider account"),
                Arguments.of("{\"providers\":{\"bad method\":null}}", "'bad method' is not a WooCommerce gateway id"),
                Arguments.of("{\"providers\":{\"kco\":\"klarna\"}}", "providers.kco must be a provider account object"),
                Arguments.of("{\"providers\":{\"kco\":{\"provider\":\"adyen\",\"secretRef\":\"r\"}}}",
                        "providers.kco.provider 'adyen' is not a provider orderhook knows"),
                Arguments.of("{\"providers\":{\"kco\":{\"provider\":\"klarna\"}}}", "secretRef must be given as text"),
                Arguments.of("{\"providers\":{\"kco\":{\"provider\":\"klarna\",\"secretRef\":\"PK1:pass word\"}}}",
                        "secretRef must be the name of the secret"),
                Arguments.of("{\"providers\":{\"kco\":{\"provider\":\"klarna\",\"secretRef\":\"r\",\"endpoint\":\"europe\"}}}",
                        "endpoint must be an http(s) URL or, for Klarna, a region"),
                Arguments.of("{\"providers\":{\"kco\":{\"provider\":\"klarna\",\"secretRef\":\"r\",\"secret\":\"x\"}}}",
                        "unknown fields [secret] for providers.kco"),
                Arguments.of("{\"debugLogTtlDays\":1.5}", "debugLogTtlDays must be a whole number"),
                Arguments.of("{\"expectedVersion\":\"1\",\"debugLog\":true}", "expectedVersion must be a whole number"),
                Arguments.of("{\"capture\":{\"trigger\":\"shipped\"}}", "capture trigger must be status, request or either"),
                Arguments.of("{\"capture\":{\"trigger\":\"request\",\"meta\":\"x\"}}", "unknown fields [meta] for capture"),
                Arguments.of("{\"capture\":{\"metaKey\":\"parcel collected\"}}", "capture.metaKey must be an order meta key"),
                Arguments.of("{\"capture\":{\"expiryWarningDays\":-1}}", "capture.expiryWarningDays must be 0 to 30"),
                Arguments.of("{\"capture\":\"request\"}", "capture must be an object"),
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
