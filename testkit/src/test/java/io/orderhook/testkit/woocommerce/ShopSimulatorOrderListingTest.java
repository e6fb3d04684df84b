package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.testkit.TestClock;

/** {@code GET /orders} with the parameters a sweep uses, answered as WooCommerce's controller does. */
class ShopSimulatorOrderListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final TestClock clock = TestClock.at("2025-06-05T10:00:00Z");
    private ShopSimulator shop;

    @BeforeEach
    void start() {
        shop = ShopSimulator.builder().restKey("ck_demo", "cs_demo").swedishVat().clock(clock)
                .timeZone(ZoneId.of("Europe/Stockholm")).build().start();
    }

    @AfterEach
    void close() {
        shop.close();
    }

    private record Reply(int status, JsonNode json, String totalPages) {}

    private Reply list(String query) throws Exception {
        String url = ShopSimulatorRestApiTest.signed("GET", shop.restUrl() + "orders?" + query, "ck_demo", "cs_demo");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()),
                response.headers().firstValue("X-WP-TotalPages").orElse(null));
    }

    private static List<String> ids(Reply reply) {
        List<String> ids = new ArrayList<>();
        reply.json().forEach(o -> ids.add(o.get("id").asText()));
        return ids;
    }

    private String order() {
        return shop.createOrder(NewOrder.paidWith("bco").product("MUG", "Mug", 1, "100.00"));
    }

    @Test
    void modifiedAfterIsExclusiveAndComparesGmtDatesWhenAsked() throws Exception {
        String first = order();                       // modified 10:00:00 GMT, 12:00:00 in Stockholm
        clock.advance(Duration.ofSeconds(1));
        String second = order();                      // 10:00:01 GMT

        assertEquals(List.of(second), ids(list("modified_after=2025-06-05T10:00:00&dates_are_gmt=true")),
                "an order modified exactly at modified_after is not listed");
        assertEquals(List.of(first, second),
                ids(list("modified_after=2025-06-05T09:59:59&dates_are_gmt=true&orderby=modified&order=asc")));
        assertEquals(List.of(second), ids(list("modified_after=2025-06-05T12:00:00")),
                "without dates_are_gmt the value is the site's local time (12:00 in Stockholm)");
        assertEquals(List.of(first, second), ids(list("modified_after=2025-06-05T11:59:59&orderby=modified&order=asc")));
    }

    @Test
    void orderByModifiedMovesAnOrderSavedAgainToTheEndWithTheIdAsTieBreaker() throws Exception {
        String first = order();
        String second = order();                      // the same second: the id orders them
        clock.advance(Duration.ofMinutes(1));
        shop.setStatus(first, "completed");

        assertEquals(List.of(second, first), ids(list("orderby=modified&order=asc&dates_are_gmt=true")));
        assertEquals(List.of(first, second), ids(list("orderby=modified&dates_are_gmt=true")), "desc by default");
        assertEquals(List.of(second, first), ids(list("orderby=date")), "creation date, newest first, id tie-breaker");
    }

    @Test
    void pagesHoldPerPageOrdersAndAPagePastTheEndIsEmpty() throws Exception {
        for (int i = 0; i < 5; i++) {
            order();
            clock.advance(Duration.ofSeconds(1));
        }
        Reply firstPage = list("orderby=modified&order=asc&per_page=2&page=1");
        assertEquals(2, firstPage.json().size());
        assertEquals("3", firstPage.totalPages());
        assertEquals(1, list("orderby=modified&order=asc&per_page=2&page=3").json().size());
        assertEquals(0, list("orderby=modified&order=asc&per_page=2&page=4").json().size());
    }

    @Test
    void parametersOutsideTheSchemaAreRefusedNotClamped() throws Exception {
        for (String query : List.of("per_page=101", "per_page=0", "page=0", "orderby=modified_gmt",
                "modified_after=yesterday", "order=up", "dates_are_gmt=maybe")) {
            Reply reply = list(query);
            assertEquals(400, reply.status(), query);
            assertEquals("rest_invalid_param", reply.json().get("code").asText(), query);
        }
    }
}
