package io.orderhook.receiver;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.orderhook.testkit.HttpApiEvent;
import io.orderhook.testkit.woocommerce.WebhookSigner;

/**
 * Raw deliveries for the bad-input corpus and the fuzz test, and the facts about them computed
 * here, independently of the code under test (HMAC with the JDK's Mac, SHA-256 with MessageDigest).
 */
final class Deliveries {
    /** Personal data planted in every order body: none of it may reach a log line or a reason. */
    static final List<String> PERSONAL_DATA = List.of("198112189876", "Storgatan 14", "asa.lindqvist@example.se",
            "+46701234567", "Lindqvist");

    private Deliveries() {}

    /** A WooCommerce order body as wp_json_encode writes it (non-ASCII escaped), with personal data. */
    static String order(long id, String status, String modifiedGmt) {
        return "{\"id\":" + id + ",\"parent_id\":0,\"status\":\"" + status + "\",\"currency\":\"SEK\","
                + "\"date_modified_gmt\":\"" + modifiedGmt + "\",\"total\":\"537.00\",\"total_tax\":\"107.40\","
                + "\"billing\":{\"first_name\":\"\\u00c5sa\",\"last_name\":\"Lindqvist\",\"address_1\":\"Storgatan 14\","
                + "\"city\":\"G\\u00f6teborg\",\"postcode\":\"41101\",\"country\":\"SE\",\"email\":\"asa.lindqvist@example.se\","
                + "\"phone\":\"+46701234567\"},\"payment_method\":\"bco\",\"transaction_id\":\"12345678\","
                + "\"meta_data\":[{\"id\":901,\"key\":\"billmate_pno\",\"value\":\"198112189876\"}],"
                + "\"line_items\":[{\"id\":1,\"name\":\"Ullm\\u00f6ssa\",\"quantity\":2,\"total\":\"429.60\","
                + "\"taxes\":[{\"id\":1,\"total\":\"107.4\"}],\"price\":214.8}]}";
    }

    static String order(long id) {
        return order(id, "processing", "2024-05-03T06:30:00");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The standard headers of a WooCommerce delivery, signed with {@code secret} (none when null). */
    static Map<String, String> headers(String topic, byte[] body, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)");
        if (topic != null) {
            headers.put("x-wc-webhook-topic", topic);
        }
        headers.put("x-wc-webhook-resource", "order");
        headers.put("x-wc-webhook-source", "https://demo.example/");
        headers.put("x-wc-webhook-id", "12");
        headers.put("x-wc-webhook-delivery-id", "d41d8cd98f00b204e9800998ecf8427e");
        if (secret != null) {
            headers.put("x-wc-webhook-signature", hmacBase64(body, secret));
        }
        return headers;
    }

    /**
     * An API Gateway v2 event carrying exactly these bytes: as text when they are UTF-8 (what
     * API Gateway does for a text content type), else Base64 with the flag set.
     */
    static APIGatewayV2HTTPEvent event(String shopId, Map<String, String> headers, byte[] body) {
        String text = strictUtf8OrNull(body);
        HttpApiEvent event = HttpApiEvent.builder().routeKey(ReceiverFixture.ROUTE)
                .rawPath("/webhooks/woocommerce/" + (shopId == null ? "" : shopId)).headers(headers);
        if (shopId != null) {
            event.pathParameter("shopId", shopId);
        }
        return (text != null ? event.body(text) : event.base64Body(body)).build();
    }

    static APIGatewayV2HTTPEvent signed(String topic, byte[] body) {
        return event("demo", headers(topic, body, ReceiverFixture.DEMO_SECRET), body);
    }

    static APIGatewayV2HTTPEvent signed(String topic, String body) {
        return signed(topic, utf8(body));
    }

    /** Base64(HMAC-SHA256(body, secret)) as the shop simulator signs, not through WebhookSignature. */
    static String hmacBase64(byte[] body, String secret) {
        return WebhookSigner.sign(body, secret);
    }

    /**
     * Whether one of the presented signatures (API Gateway joins a repeated header with
     * commas) decodes, by the JDK's Base64, to the body's HMAC under {@code secret}.
     */
    static boolean signedWith(byte[] body, String signatureHeader, String secret) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(hmacBase64(body, secret));
        for (String part : signatureHeader.split(",", -1)) {
            try {
                if (Arrays.equals(expected, Base64.getDecoder().decode(part.trim()))) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // not this one
            }
        }
        return false;
    }

    /** A header's value as API Gateway would pass it: all cases of the name joined by commas. */
    static String joinedHeader(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey() != null && h.getValue() != null && h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).reduce((a, b) -> a + "," + b).orElse(null);
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String strictUtf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * What must never appear in a log line: every secret the receiver can resolve, the
     * signatures presented, the body's hash, and the personal data in the bodies.
     */
    static List<String> forbiddenInLogs(byte[] body, Map<String, String> headers) {
        List<String> forbidden = new ArrayList<>(PERSONAL_DATA);
        forbidden.add(ReceiverFixture.DEMO_SECRET);
        forbidden.add(ReceiverFixture.OTHER_SECRET);
        forbidden.addAll(ReceiverFixture.OTHER_SECRETS);
        forbidden.add(sha256Hex(body));
        forbidden.add(hmacBase64(body, ReceiverFixture.DEMO_SECRET));
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null && name.toLowerCase().contains("signature")) {
                    for (String part : value.split(",")) {
                        if (part.trim().length() >= 16) {
                            forbidden.add(part.trim());
                        }
                    }
                }
            });
        }
        return forbidden;
    }
}
