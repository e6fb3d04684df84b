package io.orderhook.shop.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookSignatureTest {
    private static final byte[] BODY =
            "{\"id\":4711,\"status\":\"completed\",\"date_modified_gmt\":\"2024-05-02T09:15:00\"}"
                    .getBytes(StandardCharsets.UTF_8);

    /**
     * Computed when this test was written, outside the code under test:
     * {@code printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$KEY" -binary | base64}.
     */
    static Stream<Arguments> opensslVectors() {
        return Stream.of(
                Arguments.of("demo-webhook-secret", "T9FSp2bybXWKPGPzl8vVZLp9GOgWVKMzudBhdEphtxo="),
                // openssl key p&ss<wörd>"x; WooCommerce stores such a secret HTML-escaped and decodes it to sign.
                Arguments.of("p&amp;ss&lt;wörd&gt;&quot;x", "sxGZoMaA5yW6MhPkqbhC2jui8ls6ZSQ6gOsrq1VRbAA="),
                Arguments.of("p&ss<wörd>\"x", "sxGZoMaA5yW6MhPkqbhC2jui8ls6ZSQ6gOsrq1VRbAA="),
                // openssl key it's
                Arguments.of("it&#039;s", "snIb2DYwTIcyl+//Vpr3GTlxkZejNhjAOETiCxiG1bQ="));
    }

    @ParameterizedTest
    @MethodSource("opensslVectors")
    void aSignatureComputedWithOpensslVerifies(String storedSecret, String opensslSignature) {
        assertTrue(WebhookSignature.verify(BODY, opensslSignature, storedSecret));
        assertEquals(opensslSignature, WebhookSignature.sign(BODY, storedSecret));
    }

    @Test
    void changingOneByteOfTheBodyMakesTheSignatureFail() {
        for (int i = 0; i < BODY.length; i++) {
            byte[] changed = BODY.clone();
            changed[i] ^= 0x01;
            assertFalse(WebhookSignature.verify(changed, "T9FSp2bybXWKPGPzl8vVZLp9GOgWVKMzudBhdEphtxo=", "demo-webhook-secret"),
                    "byte " + i + " changed");
        }
    }

    @Test
    void anotherShopsSecretDoesNotVerify() {
        String signedByShopA = WebhookSignature.sign(BODY, "shop-a-secret");
        assertFalse(WebhookSignature.verify(BODY, signedByShopA, "shop-b-secret"));
    }

    static Stream<String> notSignatures() {
        return Stream.of("", "   ", "not base64 !!", "T9FSp2bybXWKPGPzl8vVZLp9GOgWVKMzudBh", "AAAA",
                // the right signature as lowercase hex instead of Base64
                "4fd152a766f26d758a3c63f397cbd564ba7d18e81654a333b9d061744a61b71a");
    }

    @ParameterizedTest
    @MethodSource("notSignatures")
    void aMalformedOrTruncatedSignatureIsNotAMatch(String header) {
        assertFalse(WebhookSignature.verify(BODY, header, "demo-webhook-secret"));
    }

    @Test
    void anEmptySecretVerifiesNothing() {
        assertFalse(WebhookSignature.verify(BODY, WebhookSignature.sign(BODY, ""), ""));
    }
}
