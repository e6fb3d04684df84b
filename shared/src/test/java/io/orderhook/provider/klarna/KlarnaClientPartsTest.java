package io.orderhook.provider.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;

/** Regions, credentials, idempotency keys, Klarna's statuses and the debug log's redaction. */
class KlarnaClientPartsTest {

    @Test
    void aRegionNamesTheLiveOrThePlaygroundHost() {
        assertEquals(URI.create("https://api.klarna.com/"), KlarnaRegion.baseUrl("eu", false));
        assertEquals(URI.create("https://api.playground.klarna.com/"), KlarnaRegion.baseUrl("EU", true));
        assertEquals(URI.create("https://api-na.playground.klarna.com/"), KlarnaRegion.baseUrl("na", true));
        assertEquals(URI.create("https://api-oc.klarna.com/"), KlarnaRegion.baseUrl("oc", false));
        assertEquals(URI.create("https://api.playground.klarna.com/"), KlarnaRegion.baseUrl("", true), "Europe by default");
        assertEquals(URI.create("http://127.0.0.1:8080/sandbox/klarna/"), KlarnaRegion.baseUrl("http://127.0.0.1:8080/sandbox/klarna", true));
        assertThrows(IllegalArgumentException.class, () -> KlarnaRegion.baseUrl("europe", false));
    }

    @Test
    void thePurchaseCountryChoosesTheRegionAsKlarnasPluginsDo() {
        assertEquals(KlarnaRegion.NA, KlarnaRegion.forCountry("US"));
        assertEquals(KlarnaRegion.NA, KlarnaRegion.forCountry("ca"));
        assertEquals(KlarnaRegion.OC, KlarnaRegion.forCountry("NZ"));
        assertEquals(KlarnaRegion.EU, KlarnaRegion.forCountry("SE"));
        assertEquals(KlarnaRegion.EU, KlarnaRegion.forCountry(null));
    }

    @Test
    void theSecretHoldsUsernameAndPasswordSplitAtTheFirstColonAndIsNeverPrinted() {
        KlarnaCredentials credentials = KlarnaCredentials.fromSecret("PK12345_abc:pa:ss").orElseThrow();
        assertEquals("PK12345_abc", credentials.username());
        assertEquals("pa:ss", credentials.password());
        assertFalse(credentials.toString().contains("pa:ss"));
        assertEquals(Optional.empty(), KlarnaCredentials.fromSecret("no-colon"));
        assertEquals(Optional.empty(), KlarnaCredentials.fromSecret(":password"));
        assertEquals(Optional.empty(), KlarnaCredentials.fromSecret("user:"));
        assertEquals(Optional.empty(), KlarnaCredentials.fromSecret(null));
    }

    @Test
    void idempotencyKeysAreVersionFiveUuidsStableForAStepAndDistinctPerOperationAndOrder() {
        String key = KlarnaIdempotencyKey.of("activate:4711:1717236000", "captures", "order-1");
        UUID uuid = UUID.fromString(key);
        assertEquals(5, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(key, KlarnaIdempotencyKey.of("activate:4711:1717236000", "captures", "order-1"));
        assertNotEquals(key, KlarnaIdempotencyKey.of("activate:4711:1717236000", "release-remaining-authorization", "order-1"));
        assertNotEquals(key, KlarnaIdempotencyKey.of("activate:4711:1717236000", "captures", "order-2"));
        assertNotEquals(key, KlarnaIdempotencyKey.of("activate:4711:1717236001", "captures", "order-1"));
        assertThrows(IllegalArgumentException.class, () -> KlarnaIdempotencyKey.of(" ", "captures", "order-1"));
    }

    @Test
    void theKeyOfAStepIsPinnedSoThatRetriesAfterAnUpgradeStillMatch() {
        // Python: uuid5(uuid5(NAMESPACE_URL, "https://orderhook.io/klarna/idempotency-key"),
        //               "activate:4711:1717236000\ncaptures\norder-1")
        assertEquals("73a9cdaa-5639-52d1-b138-f1e91179ce5e",
                KlarnaIdempotencyKey.of("activate:4711:1717236000", "captures", "order-1"));
    }

    @Test
    void versionFiveUuidsMatchRfc4122sExample() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        assertEquals(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"),
                KlarnaIdempotencyKey.v5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("AUTHORIZED", "ACCEPTED", 0L, 0L, PaymentState.RESERVED),
                Arguments.of("AUTHORIZED", "PENDING", 0L, 0L, PaymentState.PENDING),
                Arguments.of("AUTHORIZED", "REJECTED", 0L, 0L, PaymentState.REJECTED),
                Arguments.of("AUTHORIZED", "STOPPED", 0L, 0L, PaymentState.REJECTED),
                Arguments.of("PART_CAPTURED", "ACCEPTED", 18000L, 0L, PaymentState.ACTIVATED),
                Arguments.of("CAPTURED", "ACCEPTED", 25000L, 1000L, PaymentState.ACTIVATED),
                Arguments.of("CAPTURED", "ACCEPTED", 25000L, 25000L, PaymentState.CREDITED),
                Arguments.of("CANCELLED", "ACCEPTED", 0L, 0L, PaymentState.CANCELLED),
                Arguments.of("EXPIRED", "ACCEPTED", 0L, 0L, PaymentState.CANCELLED),
                Arguments.of("EXPIRED", "ACCEPTED", 18000L, 0L, PaymentState.ACTIVATED),
                Arguments.of("CLOSED", "ACCEPTED", 25000L, 25000L, PaymentState.CREDITED),
                Arguments.of("CLOSED", "ACCEPTED", 0L, 0L, PaymentState.CANCELLED),
                Arguments.of("SOMETHING_NEW", "ACCEPTED", 0L, 0L, PaymentState.AMBIGUOUS));
    }

    @ParameterizedTest(name = "{0} with fraud status {1}, captured {2}, refunded {3}: {4}")
    @MethodSource("statuses")
    void klarnasStatusInOrderhooksTerms(String status, String fraud, long captured, long refunded, PaymentState state) {
        KlarnaOrder order = new KlarnaOrder("o", status, fraud, "SEK", 25000, 25000, captured, refunded, 0,
                Optional.empty(), "INVOICE", List.of(), List.of());
        assertEquals(state, order.state());
    }

    @Test
    void theReferencePagesOrderReadsAsCapturedWithItsAmounts() throws Exception {
        JsonNode json = Json.MAPPER.readTree("""
                {"order_id":"f3392f8b-6116-4073-ab96-e330819e2c07","status":"PART_CAPTURED","fraud_status":"ACCEPTED",
                 "purchase_currency":"SEK","order_amount":25000,"original_order_amount":25000,"captured_amount":18000,
                 "refunded_amount":0,"remaining_authorized_amount":7000,"merchant_reference1":"10042",
                 "expires_at":"2025-07-01T10:00:00.000Z",
                 "captures":[{"capture_id":"4ba29b50-be7b-44f5-a492-113e6a865e22","captured_amount":18000,
                   "captured_at":"2025-06-05T08:12:00.000Z","refunded_amount":0}],"refunds":[]}""");
        KlarnaOrder order = KlarnaOrder.fromJson(json);
        assertEquals(7000, order.remainingAuthorizedAmount());
        assertEquals("2025-07-01T10:00:00Z", order.expiresAt().orElseThrow().toString());
        assertEquals(new PaymentInfo("f3392f8b-6116-4073-ab96-e330819e2c07", PaymentState.ACTIVATED, "PART_CAPTURED",
                18000, 0), order.paymentInfo());
        assertEquals(Optional.of("4ba29b50-be7b-44f5-a492-113e6a865e22"), order.newestCaptureOf(18000));
    }

    @Test
    void theDebugLogKeepsAmountsAndLinesButNoCustomerDetails() {
        String redacted = KlarnaRedaction.redact("""
                {"order_id":"o1","captured_amount":100,"order_lines":[{"name":"Kopp","total_amount":100}],
                 "billing_address":{"given_name":"Tess","email":"tess@example.com"},
                 "customer":{"date_of_birth":"1990-01-01","national_identification_number":"199001012384"},
                 "shipping_address":{"street_address":"Sveavägen 44","phone":"+46701740615"}}""");
        assertTrue(redacted.contains("\"captured_amount\":100") && redacted.contains("Kopp"), redacted);
        for (String personal : List.of("Tess", "tess@example.com", "1990-01-01", "199001012384", "Sveavägen", "+4670")) {
            assertFalse(redacted.contains(personal), personal + " in " + redacted);
        }
        assertEquals("(not JSON, 5 characters)", KlarnaRedaction.redact("<html"));
    }

    @Test
    void klarnasErrorBodyIsReadWithItsCorrelationId() {
        KlarnaError error = KlarnaError.parse("""
                {"error_code":"CAPTURE_NOT_ALLOWED","error_messages":["Captured amount is higher than the remaining authorized amount. Capture not possible."],
                 "correlation_id":"6a9b1cb1-73a3-4936-a030-481ba4bb203b"}""").orElseThrow();
        assertEquals("CAPTURE_NOT_ALLOWED", error.code());
        assertEquals("Captured amount is higher than the remaining authorized amount. Capture not possible."
                + " (Klarna correlation id 6a9b1cb1-73a3-4936-a030-481ba4bb203b)", error.said());
        assertTrue(KlarnaError.parse("<html><body>502</body></html>").isEmpty());
        assertTrue(KlarnaError.parse("").isEmpty());
    }
}
