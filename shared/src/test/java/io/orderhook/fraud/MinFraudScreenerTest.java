package io.orderhook.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.order.Customer;
import io.orderhook.order.OrderLine;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.testkit.minfraud.MinFraudFault;
import io.orderhook.testkit.minfraud.MinFraudSandbox;

/** The official minFraud client against the minFraud sandbox over real HTTP: what is sent, and every answer. */
class MinFraudScreenerTest {
    private static final String EMAIL = "Anna.Andersson@Example.com";
    private final MinFraudSandbox sandbox = MinFraudSandbox.start().account("42", "licence-key");
    private final MinFraudScreener screener = new MinFraudScreener(ref -> ref.equals("minfraud-key") ? "licence-key" : "wrong");

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void theRequestCarriesExactlyTheListedFieldsAndTheEmailOnlyAsItsHash() throws Exception {
        screener.screen(settings("minfraud-key"), FraudTransaction.of("demo", order(), "81.2.69.160"));

        JsonNode sent = sandbox.requests().get(0).body();
        assertEquals("factors", sandbox.requests().get(0).service());
        assertEquals(new TreeSet<>(FraudTransaction.FIELDS), fields(sent));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(EMAIL.toLowerCase().getBytes(StandardCharsets.UTF_8)));
        assertEquals(hash, sent.path("email").path("address").asText());
        assertEquals("example.com", sent.path("email").path("domain").asText());
        String text = sent.toString();
        for (String personal : List.of("Anna", "Andersson", "0701234567", EMAIL, EMAIL.toLowerCase())) {
            assertFalse(text.contains(personal), personal + " was sent: " + text);
        }
        assertEquals(250.0, sent.path("order").path("amount").asDouble(), "the order's total in kronor, not öre");
        assertEquals(125.0, sent.path("shopping_cart").get(0).path("price").asDouble(), "a mug's price with tax");
        assertEquals(2, sent.path("shopping_cart").get(0).path("quantity").asInt());
    }

    @Test
    void aScoreComesBackWithTheIpRiskAndTheStrongestSubscoresAsReasons() {
        sandbox.scoreIp("81.2.69.160", 87.5);

        FraudScreener.Outcome outcome = screener.screen(settings("minfraud-key"), FraudTransaction.of("demo", order(), "81.2.69.160"));

        FraudScreener.Scored scored = assertInstanceOf(FraudScreener.Scored.class, outcome);
        assertEquals(87.5, scored.riskScore());
        assertEquals(87.5, scored.ipRisk());
        assertEquals(List.of("ip_tenure 87.5", "order_amount 43.75", "email_domain 1.0"), scored.reasons());
        assertEquals(List.of(), scored.warnings());
        assertFalse(scored.minfraudId().isEmpty());
    }

    @Test
    void outOfFundsWrongKeyAndAnOutageAreUnavailableForNow() {
        sandbox.queriesRemaining(0);
        assertTrue(unavailable("minfraud-key").contains("INSUFFICIENT_FUNDS"));
        sandbox.queriesRemaining(100);

        assertTrue(unavailable("other-key").contains("AuthenticationException"), unavailable("other-key"));

        sandbox.inject("factors", 1, MinFraudFault.serverError(503));
        assertTrue(unavailable("minfraud-key").contains("503"));
    }

    @Test
    void anOrderWithoutItsCustomersIpCannotBeScreened() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FraudTransaction.of("demo", order(), ""));
        assertTrue(e.getMessage().contains("no customer IP address"));
    }

    private String unavailable(String keyRef) {
        return assertInstanceOf(FraudScreener.Unavailable.class,
                screener.screen(settings(keyRef), FraudTransaction.of("demo", order(), "81.2.69.160"))).reason();
    }

    private FraudSettings settings(String keyRef) {
        return new FraudSettings(true, 20, Set.of(), "fraud", true, "42", keyRef, sandbox.endpoint().toString());
    }

    /** The JSON paths of every value sent, arrays as {@code name[]}. */
    private static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, path + "[]", out));
        } else {
            out.add(path);
        }
    }

    static OrderSnapshot order() {
        Customer.Address billing = new Customer.Address("Anna", "Andersson", "", "Storgatan 1", "Lgh 1101", "11122",
                "Stockholm", "SE", "0701234567");
        Customer.Address shipping = new Customer.Address("Anna", "Andersson", "", "Hamngatan 2", "Port 3", "41106",
                "Göteborg", "SE", "");
        List<OrderLine> lines = new ArrayList<>();
        lines.add(new OrderLine(OrderLine.LineKind.PRODUCT, "1", "MUG", "Mug", BigDecimal.valueOf(2), 20000, 20000, 5000,
                List.of()));
        lines.add(new OrderLine(OrderLine.LineKind.SHIPPING, "2", "", "Postnord", BigDecimal.ONE, 0, 0, 0, List.of()));
        return new OrderSnapshot("1001", "processing", "bco", "12345", "SEK", Instant.parse("2026-12-01T06:00:00Z"), true,
                lines, List.of(), 25000, 5000, List.of(), Map.of(), "1001", new Customer(EMAIL, billing, shipping, "sv"));
    }
}
