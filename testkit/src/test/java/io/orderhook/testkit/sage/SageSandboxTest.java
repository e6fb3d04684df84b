package io.orderhook.testkit.sage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Sage sandbox as Sage's documents describe the API: bearer tokens, the list envelope, the balance on request. */
class SageSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SageSandbox sage = SageSandbox.start().token("t1");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        sage.close();
    }

    private HttpResponse<String> get(String path, String token, String business) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(sage.endpoint().resolve(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (business != null) {
            b.header("X-Business", business);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyCallNeedsAnIssuedUnexpiredBearerTokenOfItsBusiness() throws Exception {
        assertEquals(401, get("/contacts", null, null).statusCode());
        assertEquals(401, get("/contacts", "made-up", null).statusCode());
        assertEquals(403, get("/contacts", "t1", "another-business").statusCode());
        assertEquals(200, get("/contacts", "t1", SageSandbox.BUSINESS).statusCode());
        sage.expire("t1");
        HttpResponse<String> expired = get("/contacts", "t1", null);
        assertEquals(401, expired.statusCode());
        JsonNode error = JSON.readTree(expired.body()).get(0);
        assertEquals("error", error.path("$severity").asText());
        assertTrue(error.has("$dataCode") && error.has("$message"), expired.body());
    }

    @Test
    void contactsAreListedInSagesEnvelopeAndTheBalanceComesOnlyWhenAskedFor() throws Exception {
        String id = sage.customer("Acme Ltd", "ACME001", "accounts@acme.example", "5000.00", "1250.50", "GBP");

        JsonNode list = JSON.readTree(get("/contacts?contact_type_id=CUSTOMER&email=accounts%40acme.example", "t1", null).body());
        JsonNode without = JSON.readTree(get("/contacts/" + id, "t1", null).body());
        JsonNode with = JSON.readTree(get("/contacts/" + id + "?show_balance=true", "t1", null).body());

        assertEquals(1, list.path("$total").asInt());
        assertEquals(id, list.path("$items").get(0).path("id").asText());
        assertEquals("/contacts/" + id, list.path("$items").get(0).path("$path").asText());
        assertFalse(list.path("$items").get(0).has("credit_limit"), "list items are summaries");
        assertFalse(without.has("balance"));
        assertEquals(0, new BigDecimal("1250.50").compareTo(with.path("balance").decimalValue()), with.toString());
        assertEquals(0, new BigDecimal("5000.00").compareTo(with.path("credit_limit").decimalValue()), with.toString());
        assertEquals(422, get("/contacts?contact_type_id=FRIEND", "t1", null).statusCode());
        assertEquals(404, get("/contacts/nope", "t1", null).statusCode());
    }
}
