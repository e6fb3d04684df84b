package io.orderhook.shop.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.orderhook.shop.RestAuth;

/**
 * The OAuth 1.0a wire format pinned against values computed outside Java. Each expected
 * signature is the output of the openssl command beside it, run on the base string written out
 * by hand from WooCommerce's rules (method, encoded URL, encoded sorted parameters; key
 * {@code consumer_secret&}).
 */
class OAuth1SignatureTest {
    static final String KEY = "ck_4f1d9a7c2b8e6f3a5d0c1b2e9f8a7d6c5b4a3e21";
    static final String SECRET = "cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
    static final long TIMESTAMP = 1_700_000_000L;
    static final String NONCE = "4PZrGyS7tbYx0wqNfoCQ2zJHhj5Vm9Xe";

    /** GET /webhooks?search=orderhook demo&per_page=100: a space is %20, then %2520 in the base string. */
    static final String LIST_BASE_STRING = "GET&http%3A%2F%2Fstaging.shop.example%2Fwp-json%2Fwc%2Fv3%2Fwebhooks&"
            + "oauth_consumer_key%3Dck_4f1d9a7c2b8e6f3a5d0c1b2e9f8a7d6c5b4a3e21%26oauth_nonce%3D4PZrGyS7tbYx0wqNfoCQ2zJHhj5Vm9Xe"
            + "%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26per_page%3D100%26search%3Dorderhook%2520demo";
    // $ printf '%s' "$LIST_BASE_STRING" | openssl dgst -sha256 -hmac 'cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d&' -binary | base64
    // wGXxH8j7mV6jXylwLIMsmYFMwA+y+qMfqas85BktjGI=
    // (OpenSSL 3.0.19)
    static final String LIST_SIGNATURE = "wGXxH8j7mV6jXylwLIMsmYFMwA+y+qMfqas85BktjGI=";

    /** DELETE /webhooks/17?force=true on port 8080, HMAC-SHA1: the port stays, force sorts first. */
    static final String DELETE_BASE_STRING = "DELETE&http%3A%2F%2Fstaging.shop.example%3A8080%2Fwp-json%2Fwc%2Fv3%2Fwebhooks%2F17&"
            + "force%3Dtrue%26oauth_consumer_key%3Dck_4f1d9a7c2b8e6f3a5d0c1b2e9f8a7d6c5b4a3e21%26oauth_nonce%3D4PZrGyS7tbYx0wqNfoCQ2zJHhj5Vm9Xe"
            + "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1700000000";
    // $ printf '%s' "$DELETE_BASE_STRING" | openssl dgst -sha1 -hmac 'cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d&' -binary | base64
    // 680987ZwN73fDfRxDzbS41DIeV0=
    // (OpenSSL 3.0.19)
    static final String DELETE_SIGNATURE = "680987ZwN73fDfRxDzbS41DIeV0=";

    @Test
    void theBaseStringAndHmacSha256SignatureOfAListCallAreWhatOpensslComputes() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("search", "orderhook demo");
        query.put("per_page", "100");
        Map<String, String> signed = OAuth1Signature.signedParameters("GET",
                URI.create("http://staging.shop.example/wp-json/wc/v3/webhooks"), query, KEY, SECRET,
                OAuth1Signature.Method.HMAC_SHA256, TIMESTAMP, NONCE);

        assertEquals(LIST_BASE_STRING, OAuth1Signature.baseString("GET",
                URI.create("http://staging.shop.example/wp-json/wc/v3/webhooks"), signed));
        assertEquals(LIST_SIGNATURE, signed.get("oauth_signature"));
        assertFalse(signed.containsKey("oauth_version"), "WooCommerce asks to leave oauth_version out");
    }

    @Test
    void theBaseStringAndHmacSha1SignatureKeepANonDefaultPortAndSortTheQueryIn() {
        Map<String, String> signed = OAuth1Signature.signedParameters("DELETE",
                URI.create("http://Staging.Shop.Example:8080/wp-json/wc/v3/webhooks/17"), Map.of("force", "true"), KEY, SECRET,
                OAuth1Signature.Method.HMAC_SHA1, TIMESTAMP, NONCE);

        assertEquals(DELETE_BASE_STRING, OAuth1Signature.baseString("DELETE",
                URI.create("http://staging.shop.example:8080/wp-json/wc/v3/webhooks/17"), signed));
        assertEquals(DELETE_SIGNATURE, signed.get("oauth_signature"));
    }

    @Test
    void percentEncodingIsPhpsRawurlencode() {
        assertEquals("a%20b%2Bc%2A~-._%3D%26%2F%C3%A5", OAuth1Signature.encode("a b+c*~-._=&/å"));
    }

    @Test
    void theClientSendsTheSignedQueryOnTheWireOverPlainHttp() throws IOException {
        List<String> requestLines = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            try (exchange) {
                requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                        + " authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        proxy.start();
        try {
            // The shop's own host name stays in the request (and the signature); the proxy carries it.
            WooCommerceRestClient client = WooCommerceRestClient.builder(URI.create("http://staging.shop.example"), KEY, SECRET)
                    .proxy(ProxySelector.of(proxy.getAddress()))
                    .clock(Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC))
                    .nonces(() -> NONCE)
                    .build();
            Map<String, String> query = new LinkedHashMap<>();
            query.put("search", "orderhook demo");
            query.put("per_page", "100");
            client.request("GET", "/webhooks", query, null);

            assertEquals(RestAuth.OAUTH1, client.auth(), "auto over plain http is OAuth 1.0a");
            assertEquals(List.of("GET http://staging.shop.example/wp-json/wc/v3/webhooks?search=orderhook%20demo&per_page=100"
                    + "&oauth_consumer_key=" + KEY + "&oauth_nonce=" + NONCE + "&oauth_signature_method=HMAC-SHA256"
                    + "&oauth_timestamp=1700000000&oauth_signature=" + LIST_SIGNATURE.replace("+", "%2B").replace("=", "%3D")
                    + " authorization=null"), requestLines);
        } finally {
            proxy.stop(0);
        }
    }
}
