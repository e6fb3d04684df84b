package io.orderhook.testkit.klarna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderLine.LineKind;
import io.orderhook.order.OrderLine.LineTax;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxRate;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.klarna.KlarnaIdempotencyKey;
import io.orderhook.provider.klarna.KlarnaProvider;

/**
 * Every request the Klarna client sends, pinned against the reference page (§1 auth and JSON, §2 the
 * idempotency header, §3 amounts and tax, §5 methods, paths and bodies): what the sandbox received,
 * byte for byte where the page gives an example.
 */
class KlarnaWireTest {

    private static final String USER = "PK40000_wire";
    private static final String PASSWORD = "Zz1:pa ss";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TaxRate VAT25 = new TaxRate("1", "Moms 25%", new BigDecimal("25"), false);

    private static KlarnaTestbed bed;
    private static KlarnaSandbox sandbox;
    private static KlarnaProvider klarna;

    @BeforeAll
    static void startSandbox() {
        bed = new KlarnaTestbed(USER, PASSWORD);
        sandbox = bed.sandbox;
        klarna = bed.klarna;
    }

    @AfterAll
    static void stopSandbox() {
        bed.close();
    }

    /** The reference's worked example as an order: 2 x 100.00 at 25 % with 20.00 off, order number 10042. */
    static OrderSnapshot workedExample() {
        OrderLine cups = new OrderLine(LineKind.PRODUCT, "11", "KOPP-1", "Kopp", 2, 16000, 14400, 3600,
                List.of(new LineTax("1", 36_000_000)));
        return new OrderSnapshot("4711", "completed", "kco", "klarna", "SEK", Instant.parse("2025-06-01T10:00:00Z"), true,
                List.of(cups), List.of(VAT25), 18000, 3600, List.of(), Map.of(), "10042", null);
    }

    static String authorised(long amountInLines) {
        ArrayNode lines = MAPPER.createArrayNode();
        lines.add(KlarnaCheckout.line("physical", "Kopp", 2, 10000, 2500, 2000));
        if (amountInLines > 18000) {
            lines.add(KlarnaCheckout.line("physical", "Te", 1, amountInLines - 18000, 1200, 0));
        }
        return bed.checkout.placeOrder(UUID.randomUUID().toString(), "SEK", "10042", lines);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The request's method and path below the order, Basic auth, JSON accepted, and the idempotency key
     * derived from {@code stepKey} for the path's operation (none for a GET).
     */
    static void assertSent(KlarnaSandbox.Request request, String method, String id, String operation, String stepKey) {
        assertEquals(method, request.method());
        assertEquals("/ordermanagement/v1/orders/" + id + (operation.isEmpty() ? "" : "/" + operation), request.path());
        assertAuthenticatedJson(request);
        assertEquals(stepKey == null ? Optional.empty() : Optional.of(KlarnaIdempotencyKey.of(stepKey, operation, id)),
                request.header("Klarna-Idempotency-Key"));
        if (request.body().isEmpty()) {
            assertEquals(Optional.empty(), request.header("Content-Type"), "no body, no content type");
        } else {
            assertEquals(Optional.of("application/json"), request.header("Content-Type"));
        }
    }

    static void assertAuthenticatedJson(KlarnaSandbox.Request request) {
        assertEquals(Optional.of("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8))), request.header("Authorization"));
        assertEquals(Optional.of("application/json"), request.header("Accept"));
        assertTrue(request.header("User-Agent").orElseThrow().startsWith("orderhook/"));
    }

    @Test
    void readingAnOrderIsAGetWithBasicAuthAndNoIdempotencyKey() {
        String id = authorised(18000);
        klarna.status(id);
        KlarnaSandbox.Request get = sandbox.lastRequest("get_order", id);
        assertSent(get, "GET", id, "", null);
        assertEquals("", get.body());
    }

    @Test
    void aCaptureSendsTheWorkedExamplesLineWithItsTaxAndTheStepsKey() {
        String id = authorised(18000);
        assertInstanceOf(ProviderResult.Done.class, klarna.activate(id, workedExample(), List.of(), "activate:4711:1"));
        KlarnaSandbox.Request capture = sandbox.lastRequest("capture", id);
        assertSent(capture, "POST", id, "captures", "activate:4711:1");
        assertEquals(json("""
                {"captured_amount":18000,"reference":"10042","order_lines":[
                  {"type":"physical","reference":"KOPP-1","name":"Kopp","quantity":2,"unit_price":10000,"tax_rate":2500,
                   "total_amount":18000,"total_discount_amount":2000,"total_tax_amount":3600}]}"""), capture.json());
    }

    @Test
    void aRetriedStepSendsTheSameKeyAndTheReleaseAfterACaptureAKeyOfItsOwn() {
        String id = authorised(25000);
        sandbox.inject("capture", 1, KlarnaFault.http(503));
        assertInstanceOf(ProviderResult.Transient.class, klarna.activate(id, workedExample(), List.of(), "activate:4711:2"));
        assertInstanceOf(ProviderResult.Done.class, klarna.activate(id, workedExample(), List.of(), "activate:4711:2"));
        List<KlarnaSandbox.Request> captures = sandbox.requests("capture", id);
        assertEquals(2, captures.size());
        String key = captures.get(0).header("Klarna-Idempotency-Key").orElseThrow();
        assertEquals(key, captures.get(1).header("Klarna-Idempotency-Key").orElseThrow());
        assertEquals(5, UUID.fromString(key).version());

        KlarnaSandbox.Request release = sandbox.lastRequest("release_remaining_authorization", id);
        assertSent(release, "POST", id, "release-remaining-authorization", "activate:4711:2");
        assertEquals("", release.body());
        assertNotEquals(key, release.header("Klarna-Idempotency-Key").orElseThrow());
        assertEquals(18000, sandbox.order(id).orElseThrow().capturedAmount());
    }

    @Test
    void aCancelIsAPostWithoutABody() {
        String id = authorised(18000);
        klarna.cancel(id, "cancel:4711:1");
        KlarnaSandbox.Request cancel = sandbox.lastRequest("cancel", id);
        assertSent(cancel, "POST", id, "cancel", "cancel:4711:1");
        assertEquals("", cancel.body());
    }

    @Test
    void anUpdateIsAPatchOfTheAuthorizationWithTheNewTotalAndAllLines() {
        String id = authorised(25000);
        klarna.update(id, workedExample(), List.of(), "update:4711:abc");
        KlarnaSandbox.Request update = sandbox.lastRequest("update_authorization", id);
        assertSent(update, "PATCH", id, "authorization", "update:4711:abc");
        assertEquals(json("""
                {"order_amount":18000,"order_lines":[
                  {"type":"physical","reference":"KOPP-1","name":"Kopp","quantity":2,"unit_price":10000,"tax_rate":2500,
                   "total_amount":18000,"total_discount_amount":2000,"total_tax_amount":3600}]}"""), update.json());
    }

    @Test
    void aRefundSendsItsAmountReasonReferenceAndRefundedRows() {
        String id = authorised(18000);
        klarna.activate(id, workedExample(), List.of(), "activate:4711:3");
        OrderLine oneCup = new OrderLine(LineKind.PRODUCT, "11", "KOPP-1", "Kopp", 1, 8000, 7200, 1800,
                List.of(new LineTax("1", 18_000_000)));
        klarna.credit(id, workedExample(), new Refund("901", 9000, List.of(oneCup), "trasig"), TaxSplit.EMPTY, false,
                "credit:4711:901");
        KlarnaSandbox.Request refund = sandbox.lastRequest("refund", id);
        assertSent(refund, "POST", id, "refunds", "credit:4711:901");
        assertEquals(json("""
                {"refunded_amount":9000,"description":"trasig","reference":"10042|901","order_lines":[
                  {"type":"physical","reference":"KOPP-1","name":"Kopp","quantity":1,"unit_price":10000,"tax_rate":2500,
                   "total_amount":9000,"total_discount_amount":1000,"total_tax_amount":1800}]}"""), refund.json());
    }

    @Test
    void aRefundOfAnAmountSendsOneLinePerRateWithKlarnasTax() {
        String id = authorised(18000);
        klarna.activate(id, workedExample(), List.of(), "activate:4711:4");
        klarna.credit(id, workedExample(), new Refund("902", 5000, List.of(), ""), TaxSplit.EMPTY, false, "credit:4711:902");
        assertEquals(json("""
                {"refunded_amount":5000,"reference":"10042|902","order_lines":[
                  {"type":"physical","reference":"refund","name":"Refund","quantity":1,"unit_price":5000,"tax_rate":2500,
                   "total_amount":5000,"total_discount_amount":0,"total_tax_amount":1000}]}"""),
                sandbox.lastRequest("refund", id).json());
    }

    @Test
    void extendingIsAPostWithoutABody() {
        String id = authorised(18000);
        klarna.extendAuthorizationTime(id, "extend:4711:2025-06-01");
        KlarnaSandbox.Request extend = sandbox.lastRequest("extend_authorization_time", id);
        assertSent(extend, "POST", id, "extend-authorization-time", "extend:4711:2025-06-01");
        assertEquals("", extend.body());
    }
}
