package io.orderhook.testkit.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The simulator authenticates as WooCommerce's WC_REST_Authentication does, over plain http and over HTTPS. */
class ShopSimulatorAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "ck_4f1d9a7c2b8e6f3a5d0c1b2e9f8a7d6c5b4a3e21";
    private static final String SECRET = "cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
    private final HttpClient http = HttpClient.newBuilder().sslContext(ShopSimulator.clientSslContext()).build();
    private ShopSimulator shop;

    @AfterEach
    void close() {
        if (shop != null) {
            shop.close();
        }
    }

    private record Reply(int status, JsonNode json) {
        String code() {
            return json.path("code").asText();
        }

        String message() {
            return json.path("message").asText();
        }
    }

    private Reply send(String method, String url, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String oauth(String method, String path, String signatureMethod, long timestamp, String nonce) {
        String url = shop.restUrl() + path;
        return url + "?" + WooOAuth.signedQuery(method, url, Map.of(), KEY, SECRET, signatureMethod, timestamp, nonce);
    }

    private String oauth(String method, String path) {
        return oauth(method, path, "HMAC-SHA256", now(), nonce());
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private String plainHttpShopWithAnOrder() {
        shop = ShopSimulator.builder().restKey(KEY, SECRET).build().start();
        return shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
    }

    // ------------------------------------------------------------------ plain http

    @Test
    void basicAuthOverPlainHttpIsIgnoredSoTheEndpointRefusesAnAnonymousCallerWith401CannotEdit() throws Exception {
        String id = plainHttpShopWithAnOrder();

        Reply edit = send("PUT", shop.restUrl() + "orders/" + id, "{\"status\":\"completed\"}", basic(KEY, SECRET));
        Reply note = send("POST", shop.restUrl() + "orders/" + id + "/notes", "{\"note\":\"x\"}", basic(KEY, SECRET));

        assertEquals(401, edit.status());
        assertEquals("woocommerce_rest_cannot_edit", edit.code());
        assertEquals("Sorry, you are not allowed to edit this resource.", edit.message());
        assertEquals(401, edit.json().at("/data/status").asInt());
        assertEquals("woocommerce_rest_cannot_create", note.code());
        assertEquals("processing", shop.status(id));
        assertTrue(shop.notes(id, OrderNote.Origin.REST_API).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HMAC-SHA1", "HMAC-SHA256"})
    void anOAuthSignedRequestIsAcceptedOverPlainHttp(String signatureMethod) throws Exception {
        String id = plainHttpShopWithAnOrder();

        Reply edit = send("PUT", oauth("PUT", "orders/" + id, signatureMethod, now(), nonce()), "{\"status\":\"completed\"}", null);

        assertEquals(200, edit.status(), edit.json().toString());
        assertEquals("completed", shop.status(id));
    }

    @Test
    void anOAuthHeaderIsReadLikeTheQueryString() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String signed = oauth("GET", "orders/" + id);
        StringBuilder header = new StringBuilder("OAuth ");
        for (String pair : signed.substring(signed.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            header.append(header.length() > 6 ? ", " : "").append(pair, 0, eq).append("=\"").append(pair.substring(eq + 1)).append('"');
        }

        Reply read = send("GET", shop.restUrl() + "orders/" + id, null, header.toString());

        assertEquals(200, read.status(), read.json().toString());
    }

    @Test
    void aWrongOAuthSignatureIsRefused() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String url = shop.restUrl() + "orders/" + id;
        String forged = url + "?" + WooOAuth.signedQuery("PUT", url, Map.of(), KEY, "cs_not_the_secret", "HMAC-SHA256", now(), nonce());

        Reply edit = send("PUT", forged, "{\"status\":\"completed\"}", null);

        assertEquals(401, edit.status());
        assertEquals("woocommerce_rest_authentication_error", edit.code());
        assertEquals("Invalid signature - provided signature does not match.", edit.message());
        assertEquals("processing", shop.status(id));
    }

    @Test
    void theSignatureCoversTheHomeUrlSoTheSameRequestSignedForAnotherHostNameIsRefused() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String url = shop.restUrl() + "orders/" + id;
        String asLocalhost = url.replace("127.0.0.1", "localhost");
        String query = WooOAuth.signedQuery("GET", asLocalhost, Map.of(), KEY, SECRET, "HMAC-SHA256", now(), nonce());

        Reply read = send("GET", url + "?" + query, null, null);

        assertEquals(401, read.status());
        assertEquals("Invalid signature - provided signature does not match.", read.message());
    }

    @Test
    void aTimestampMoreThanFifteenMinutesOffIsRefusedAndOneWithinIsAccepted() throws Exception {
        String id = plainHttpShopWithAnOrder();

        Reply stale = send("GET", oauth("GET", "orders/" + id, "HMAC-SHA256", now() - 15 * 60 - 5, nonce()), null, null);
        Reply future = send("GET", oauth("GET", "orders/" + id, "HMAC-SHA256", now() + 15 * 60 + 5, nonce()), null, null);
        Reply late = send("GET", oauth("GET", "orders/" + id, "HMAC-SHA256", now() - 14 * 60, nonce()), null, null);

        assertEquals(401, stale.status());
        assertEquals("Invalid timestamp.", stale.message());
        assertEquals("Invalid timestamp.", future.message());
        assertEquals(200, late.status());
    }

    @Test
    void aNonceUsedBeforeIsRefused() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String nonce = nonce();

        Reply first = send("GET", oauth("GET", "orders/" + id, "HMAC-SHA256", now(), nonce), null, null);
        Reply again = send("GET", oauth("GET", "orders/" + id, "HMAC-SHA256", now() - 1, nonce), null, null);

        assertEquals(200, first.status());
        assertEquals(401, again.status());
        assertEquals("Invalid nonce - nonce has already been used.", again.message());
    }

    @Test
    void aSignatureMethodOtherThanHmacSha1OrSha256IsRefused() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String url = shop.restUrl() + "orders/" + id;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oauth_consumer_key", KEY);
        params.put("oauth_timestamp", Long.toString(now()));
        params.put("oauth_nonce", nonce());
        params.put("oauth_signature_method", "PLAINTEXT");
        params.put("oauth_signature", WooOAuth.rawurlencode(SECRET + "&"));

        Reply read = send("GET", url + "?" + query(params), null, null);

        assertEquals("Invalid signature - signature method is invalid.", read.message());
    }

    @Test
    void missingOAuthParametersAreNamed() throws Exception {
        String id = plainHttpShopWithAnOrder();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oauth_consumer_key", KEY);
        params.put("oauth_signature_method", "HMAC-SHA256");
        params.put("oauth_signature", "x");

        Reply read = send("GET", shop.restUrl() + "orders/" + id + "?" + query(params), null, null);

        assertEquals(401, read.status());
        assertEquals("woocommerce_rest_authentication_missing_parameter", read.code());
        assertEquals("Missing OAuth parameters oauth_timestamp, oauth_nonce", read.message());
    }

    @Test
    void anUnknownConsumerKeyIsRefusedByOAuth() throws Exception {
        String id = plainHttpShopWithAnOrder();
        String url = shop.restUrl() + "orders/" + id;
        String query = WooOAuth.signedQuery("GET", url, Map.of(), "ck_unknown", SECRET, "HMAC-SHA256", now(), nonce());

        assertEquals("Consumer key is invalid.", send("GET", url + "?" + query, null, null).message());
    }

    @Test
    void theSimulatorsOwnSignerAgreesWithTheOpensslVectors() {
        // The vectors of OAuth1SignatureTest (shared), computed with openssl from hand-written base strings.
        Map<String, String> params = new LinkedHashMap<>();
        params.put("search", "orderhook demo");
        params.put("per_page", "100");
        params.put("oauth_consumer_key", KEY);
        params.put("oauth_nonce", "4PZrGyS7tbYx0wqNfoCQ2zJHhj5Vm9Xe");
        params.put("oauth_signature_method", "HMAC-SHA256");
        params.put("oauth_timestamp", "1700000000");
        String toSign = WooOAuth.stringToSign("GET", "http://staging.shop.example/wp-json/wc/v3/webhooks", params);

        assertEquals("GET&http%3A%2F%2Fstaging.shop.example%2Fwp-json%2Fwc%2Fv3%2Fwebhooks&"
                + "oauth_consumer_key%3Dck_4f1d9a7c2b8e6f3a5d0c1b2e9f8a7d6c5b4a3e21%26oauth_nonce%3D4PZrGyS7tbYx0wqNfoCQ2zJHhj5Vm9Xe"
                + "%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26per_page%3D100%26search%3Dorderhook%2520demo",
                toSign);
        assertEquals("wGXxH8j7mV6jXylwLIMsmYFMwA+y+qMfqas85BktjGI=", WooOAuth.signature(toSign, SECRET, "HMAC-SHA256"));
        params.put("oauth_signature_method", "HMAC-SHA1");
        params.remove("search");
        params.remove("per_page");
        params.put("force", "true");
        assertEquals("680987ZwN73fDfRxDzbS41DIeV0=", WooOAuth.signature(WooOAuth.stringToSign("DELETE",
                "http://staging.shop.example:8080/wp-json/wc/v3/webhooks/17", params), SECRET, "HMAC-SHA1"));
    }

    @Test
    void theIndexAnswersTheHomeUrlWithoutCredentials() throws Exception {
        plainHttpShopWithAnOrder();

        Reply index = send("GET", shop.shopUrl() + "/wp-json/", null, null);

        assertEquals(200, index.status());
        assertEquals(shop.shopUrl().toString(), index.json().get("home").asText());
    }

    // ------------------------------------------------------------------ https

    private String httpsShopWithAnOrder(ShopSimulator.Builder builder) {
        shop = builder.restKey(KEY, SECRET).https().build().start();
        return shop.createOrder(NewOrder.paidWith("bco").product("A", "A", 1, "10.00"));
    }

    @Test
    void overHttpsBasicAuthAndQueryStringKeysAreAccepted() throws Exception {
        String id = httpsShopWithAnOrder(ShopSimulator.builder());
        assertTrue(shop.shopUrl().toString().startsWith("https://127.0.0.1:"), shop.shopUrl().toString());

        Reply basic = send("GET", shop.restUrl() + "orders/" + id, null, basic(KEY, SECRET));
        Reply query = send("GET", shop.restUrl() + "orders/" + id + "?consumer_key=" + KEY + "&consumer_secret=" + SECRET, null, null);
        Reply oauth = send("GET", oauth("GET", "orders/" + id), null, null);

        assertEquals(200, basic.status(), basic.json().toString());
        assertEquals(200, query.status(), query.json().toString());
        assertEquals(200, oauth.status(), "OAuth works over HTTPS too, signed with the https home URL: " + oauth.json());
    }

    @Test
    void overHttpsAWrongSecretIsNamedAndAnUnknownKeyLeavesTheCallerAnonymous() throws Exception {
        String id = httpsShopWithAnOrder(ShopSimulator.builder());

        Reply wrongSecret = send("GET", shop.restUrl() + "orders/" + id, null, basic(KEY, "cs_wrong"));
        Reply unknownKey = send("GET", shop.restUrl() + "orders/" + id, null, basic("ck_unknown", SECRET));

        assertEquals(401, wrongSecret.status());
        assertEquals("Consumer secret is invalid.", wrongSecret.message());
        assertEquals(401, unknownKey.status());
        assertEquals("woocommerce_rest_cannot_view", unknownKey.code());
    }

    @Test
    void aServerThatStripsTheAuthorizationHeaderLeavesBasicAuthAnonymousWhileQueryKeysStillWork() throws Exception {
        String id = httpsShopWithAnOrder(ShopSimulator.builder().stripsAuthorizationHeader());

        Reply basic = send("GET", shop.restUrl() + "orders/" + id, null, basic(KEY, SECRET));
        Reply query = send("GET", shop.restUrl() + "orders/" + id + "?consumer_key=" + KEY + "&consumer_secret=" + SECRET, null, null);

        assertEquals(401, basic.status());
        assertEquals("woocommerce_rest_cannot_view", basic.code());
        assertEquals(200, query.status());
    }

    @Test
    void aReadOnlyKeyReadsButCannotWriteWhateverTheMethod() throws Exception {
        String id = httpsShopWithAnOrder(ShopSimulator.builder().keyPermissions(ShopSimulator.KeyPermissions.READ));

        assertEquals(200, send("GET", shop.restUrl() + "orders/" + id, null, basic(KEY, SECRET)).status());
        Reply write = send("POST", shop.restUrl() + "webhooks", "{}", basic(KEY, SECRET));

        assertEquals(401, write.status());
        assertEquals("The API key provided does not have write permissions.", write.message());
    }

    private static String query(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return out.toString();
    }
}
