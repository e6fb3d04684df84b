package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateHash;
import io.orderhook.provider.billmate.BillmateJson;
import io.orderhook.provider.billmate.BillmateProvider;

class BillmateSandboxTest {

    @Test
    void theSandboxServesFromAPathOfAnotherServer() throws Exception {
        HttpServer shared = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        BillmateSandbox sandbox = new BillmateSandbox().merchant("1", "k");
        shared.createContext("/sandbox/billmate", sandbox.handler());
        shared.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + shared.getAddress().getPort() + "/sandbox/billmate/");
            BillmateProvider billmate = new BillmateProvider(endpoint, "1", "k", true, BillmateProvider.httpClient());
            String number = new BillmateCheckout(endpoint, "1", "k").payCart("o", 1,
                    BillmateProviderTest.cartData(BillmateProviderTest.cart()));
            assertInstanceOf(ProviderResult.Done.class, billmate.activatePayment(number));
            assertEquals("Factoring", sandbox.payment(number).orElseThrow().status());
        } finally {
            shared.stop(0);
        }
    }

    @Test
    void aStartedSandboxListensUnderItsPrefix() {
        try (BillmateSandbox sandbox = BillmateSandbox.start(new InetSocketAddress("127.0.0.1", 0), "/sandbox/billmate")) {
            sandbox.merchant("1", "k");
            assertEquals("/sandbox/billmate/", sandbox.endpoint().getPath());
            BillmateProvider billmate = new BillmateProvider(sandbox.endpoint(), "1", "k", false, BillmateProvider.httpClient());
            assertEquals("5201", ((ProviderResult.Refused) billmate.getPaymentinfo("42")).code());
            assertEquals(1, sandbox.calls("getPaymentinfo", "42"));
        }
    }

    @Test
    void getPaymentinfoAnswersEachArticleWithItsOwnVatAsTheDocumentsExample() throws Exception {
        try (BillmateSandbox sandbox = BillmateSandbox.start().merchant("1", "k")) {
            // Get-payment-info.md's cart.
            BigDecimal p25 = new BigDecimal("25");
            BillmateCart example = new BillmateCart(List.of(
                    new BillmateCart.Article("", "Article 1", 2, 1234, p25, BigDecimal.ZERO, 2468),
                    new BillmateCart.Article("B456", "Article 2", new BigDecimal("3.5"), 56780, p25, BigDecimal.TEN, 178857)),
                    Optional.of(new BillmateCart.Charge(3000, p25)), Optional.of(new BillmateCart.Charge(1000, p25)),
                    new BillmateCart.Total(185325, 46331, 44, 231700));
            ObjectNode articlesAndCart = BillmateJson.object();
            example.writeTo(articlesAndCart);
            String number = new BillmateCheckout(sandbox.endpoint(), "1", "k").payCart("o", 1, articlesAndCart);

            ObjectNode data = BillmateJson.object().put("number", number);
            JsonNode answer = call(sandbox, "getPaymentinfo", data).path("data");

            JsonNode articles = answer.path("Articles");
            assertEquals("617", articles.path(0).path("tax").asText());
            assertEquals("44714", articles.path(1).path("tax").asText());
            List<String> fields = fieldNames(articles.path(0));
            assertEquals(fields.indexOf("aprice") + 1, fields.indexOf("tax"), "after aprice, as documented: " + fields);
            assertEquals(answer.at("/Cart/Total/tax").asLong(), articles.path(0).path("tax").asLong()
                    + articles.path(1).path("tax").asLong() + 250 + 750, "with Handling's and Shipping's, Total.tax");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode call(BillmateSandbox sandbox, String function, ObjectNode data) throws Exception {
        ObjectNode request = BillmateJson.object();
        request.putObject("credentials").put("id", "1").put("hash", BillmateHash.of(data, "k"));
        request.set("data", data);
        request.put("function", function);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.endpoint())
                .POST(HttpRequest.BodyPublishers.ofString(BillmateJson.encode(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        return BillmateJson.parse(response.body());
    }

    @Test
    void theOlderPaymentDataFormOfActivateIsAcceptedAndTheAnswerIsSigned() throws Exception {
        try (BillmateSandbox sandbox = BillmateSandbox.start().merchant("1", "k")) {
            BillmateProvider billmate = new BillmateProvider(sandbox.endpoint(), "1", "k", true, BillmateProvider.httpClient());
            String number = new BillmateCheckout(sandbox.endpoint(), "1", "k").payCart("o", 1,
                    BillmateProviderTest.cartData(BillmateProviderTest.cart()));

            ObjectNode data = BillmateJson.object();
            data.putObject("PaymentData").put("number", number);
            ObjectNode request = BillmateJson.object();
            request.putObject("credentials").put("id", "1").put("hash", BillmateHash.of(data, "k"));
            request.set("data", data);
            request.put("function", "activatePayment");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.endpoint())
                    .POST(HttpRequest.BodyPublishers.ofString(BillmateJson.encode(request))).build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode answer = BillmateJson.parse(response.body());
            assertEquals(200, response.statusCode());
            assertEquals("Factoring", answer.path("data").path("status").asText());
            assertEquals(BillmateHash.of(answer.path("data"), "k"), answer.path("credentials").path("hash").asText());
        }
    }
}
