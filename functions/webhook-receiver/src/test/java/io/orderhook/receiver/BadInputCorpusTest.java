package io.orderhook.receiver;

import static io.orderhook.receiver.Deliveries.event;
import static io.orderhook.receiver.Deliveries.headers;
import static io.orderhook.receiver.Deliveries.order;
import static io.orderhook.receiver.Deliveries.signed;
import static io.orderhook.receiver.Deliveries.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.intake.WebhookIntake;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.QuarantinedDelivery;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.HttpApiEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input on the webhook route, case by case: what the receiver answers, why, and what is
 * in DynamoDB afterwards. For every case: no exception, no 5xx, a reason for every refusal,
 * a signed body is never lost (it is in the inbox or the quarantine, byte for byte), and the
 * log line shows no secret, signature, body hash or personal data.
 *
 * <p>One table for the class (creating one per case would cost more than the cases); every case
 * starts with no deliveries stored and no log lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    private static final int MAX = WebhookIntake.MAX_BODY_BYTES;
    private final ReceiverFixture fixture = new ReceiverFixture();

    @BeforeEach
    void startWithNothingStored() {
        fixture.logLines.clear();
        for (Map<String, AttributeValue> item : fixture.storedDeliveries()) {
            fixture.dynamo.deleteItem(d -> d.tableName(fixture.table).key(Map.of(
                    TableDefinition.PK, item.get(TableDefinition.PK), TableDefinition.SK, item.get(TableDefinition.SK))));
        }
    }

    enum Stored { INBOX, QUARANTINE, NOTHING }

    /** What a case must produce: HTTP status, the response's status, a part of the reason, and what is stored. */
    record Expect(int http, String status, String reasonPart, Stored stored) {
        static Expect accepted() { return new Expect(200, "accepted", null, Stored.INBOX); }
        static Expect quarantined(String reasonPart) { return new Expect(202, "quarantined", reasonPart, Stored.QUARANTINE); }
        static Expect unauthorized(String reasonPart) { return new Expect(401, "unauthorized", reasonPart, Stored.NOTHING); }
        static Expect unknownShop() { return new Expect(404, "unknown-shop", "is configured in orderhook", Stored.NOTHING); }
        static Expect tooLarge(String reasonPart) { return new Expect(413, "too-large", reasonPart, Stored.NOTHING); }
        static Expect ping() { return new Expect(200, "ping", null, Stored.NOTHING); }
        static Expect ignored(String reasonPart) { return new Expect(200, "ignored", reasonPart, Stored.NOTHING); }
    }

    /** One delivery: the event, and the bytes the shop sent (what the signature covers). */
    private static Arguments bad(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        return Arguments.of(name, event, raw, expect);
    }

    private static Arguments signedBody(String name, String topic, byte[] body, Expect expect) {
        return bad(name, signed(topic, body), body, expect);
    }

    private static Arguments signedBody(String name, String body, Expect expect) {
        return signedBody(name, "order.updated", utf8(body), expect);
    }

    /** A typical order with one field's value replaced (the field must appear in it). */
    private static String orderWith(String field, String jsonValue) {
        String body = order(1234);
        String key = "\"" + field + "\":";
        int at = body.indexOf(key);
        if (at < 0) {
            return body.substring(0, body.length() - 1) + "," + key + jsonValue + "}";
        }
        int valueStart = at + key.length();
        int valueEnd = valueEnd(body, valueStart);
        return body.substring(0, valueStart) + jsonValue + body.substring(valueEnd);
    }

    /** Where the JSON value starting at {@code start} ends (our bodies escape no quotes). */
    private static int valueEnd(String body, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                inString = c != '"';
                if (!inString && depth == 0) {
                    return i + 1;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no end of the value at " + start);
    }

    private static String orderWithout(String field) {
        String body = order(1234);
        String key = "\"" + field + "\":";
        int at = body.indexOf(key);
        int end = valueEnd(body, at + key.length());
        return body.substring(0, at) + body.substring(end + 1);
    }

    static Stream<Arguments> malformedJson() {
        String order = order(1234);
        return Stream.of(
                signedBody("order cut in half", order.substring(0, order.length() / 2), Expect.quarantined("not valid JSON")),
                signedBody("order cut one byte short", order.substring(0, order.length() - 1), Expect.quarantined("not valid JSON")),
                signedBody("order cut right after the id", "{\"id\":1234", Expect.quarantined("not valid JSON")),
                signedBody("trailing comma", "{\"id\":1234,\"date_modified_gmt\":\"2024-05-03T06:30:00\",}", Expect.quarantined("not valid JSON")),
                signedBody("single-quoted names", "{'id':1234,'date_modified_gmt':'2024-05-03T06:30:00'}", Expect.quarantined("not valid JSON")),
                signedBody("missing comma", "{\"id\":1234 \"date_modified_gmt\":\"2024-05-03T06:30:00\"}", Expect.quarantined("not valid JSON")),
                signedBody("one closing brace too many", order + "}", Expect.quarantined("not valid JSON")),
                signedBody("two objects in a row", order + order, Expect.quarantined("content after the JSON object")),
                signedBody("an HTML error page", "<html><body><h1>502 Bad Gateway</h1></body></html>", Expect.quarantined("not valid JSON")),
                signedBody("a comment", "{\"id\":1234,/* staging */\"date_modified_gmt\":\"2024-05-03T06:30:00\"}", Expect.quarantined("not valid JSON")),
                signedBody("NaN as a value", orderWith("total", "NaN"), Expect.quarantined("not valid JSON")),
                signedBody("an unquoted personal number", orderWith("total", "pno198112189876"),
                        Expect.quarantined("Unrecognized token '<15 characters>'")),
                signedBody("an unterminated string", "{\"id\":1234,\"note\":\"Leave at the door", Expect.quarantined("not valid JSON")),
                signedBody("a raw newline inside a string", orderWith("customer_note", "\"line one\nline two\""),
                        Expect.quarantined("not valid JSON")),
                signedBody("null", "null", Expect.quarantined("not a JSON object")),
                signedBody("a bare number", "1234", Expect.quarantined("not a JSON object")),
                signedBody("a bare string", "\"order 1234\"", Expect.quarantined("not a JSON object")),
                signedBody("an array of the order", "[" + order + "]", Expect.quarantined("not a JSON object")),
                signedBody("only whitespace", " \n\t ", Expect.quarantined("not a JSON object")));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                signedBody("id as an object", orderWith("id", "{\"id\":1234}"), Expect.quarantined("no positive integer \"id\" (found an object)")),
                signedBody("id as an array", orderWith("id", "[1234]"), Expect.quarantined("(found an array)")),
                signedBody("id as a float", orderWith("id", "1234.5"), Expect.quarantined("(found a number with a fraction or exponent)")),
                signedBody("id as a float with zero fraction", orderWith("id", "1234.0"), Expect.quarantined("(found a number with a fraction")),
                signedBody("id with an exponent", orderWith("id", "1.234e3"), Expect.quarantined("(found a number with a fraction or exponent)")),
                signedBody("negative id", orderWith("id", "-1234"), Expect.quarantined("(found zero or a negative number)")),
                signedBody("id zero", orderWith("id", "0"), Expect.quarantined("(found zero or a negative number)")),
                signedBody("id one over the largest long", orderWith("id", "9223372036854775808"),
                        Expect.quarantined("(found a number over 9223372036854775807")),
                signedBody("id of 100 digits", orderWith("id", "1".repeat(100)), Expect.quarantined("over 19 digits")),
                signedBody("id of 5000 digits", orderWith("id", "1".repeat(5000)), Expect.quarantined("Number value length (5000) exceeds")),
                signedBody("id true", orderWith("id", "true"), Expect.quarantined("(found a boolean)")),
                signedBody("id null", orderWith("id", "null"), Expect.quarantined("(found null)")),
                signedBody("id as a word", orderWith("id", "\"twelve\""), Expect.quarantined("(found a string that is not a number)")),
                signedBody("id as a string with a space", orderWith("id", "\" 1234\""), Expect.quarantined("(found a string that is not a number)")),
                signedBody("id with leading zeros", orderWith("id", "\"001234\""), Expect.quarantined("leading zeros")),
                signedBody("no id at all", orderWithout("id"), Expect.quarantined("no positive integer \"id\" (found none)")),
                signedBody("two ids", "{\"id\":1234,\"id\":5678,\"date_modified_gmt\":\"2024-05-03T06:30:00\"}",
                        Expect.quarantined("more than one top-level \"id\"")),
                signedBody("id as a numeric string (some plugins)", orderWith("id", "\"1234\""), Expect.accepted()),
                signedBody("date_modified_gmt as a word", orderWith("date_modified_gmt", "\"yesterday\""),
                        Expect.quarantined("\"date_modified_gmt\" is not a real date and time")),
                signedBody("date_modified_gmt on 30 February", orderWith("date_modified_gmt", "\"2024-02-30T10:00:00\""),
                        Expect.quarantined("not a real date and time")),
                signedBody("date_modified_gmt at hour 24", orderWith("date_modified_gmt", "\"2024-05-03T24:00:00\""),
                        Expect.quarantined("not a real date and time")),
                signedBody("date_modified_gmt with a zone", orderWith("date_modified_gmt", "\"2024-05-03T06:30:00Z\""),
                        Expect.quarantined("yyyy-MM-ddTHH:mm:ss")),
                signedBody("date_modified_gmt with a space", orderWith("date_modified_gmt", "\"2024-05-03 06:30:00\""),
                        Expect.quarantined("yyyy-MM-ddTHH:mm:ss")),
                signedBody("date_modified_gmt as epoch seconds", orderWith("date_modified_gmt", "1714717800"),
                        Expect.quarantined("\"date_modified_gmt\" is a number, not a string")),
                signedBody("date_modified_gmt as an object", orderWith("date_modified_gmt", "{\"date\":\"2024-05-03\"}"),
                        Expect.quarantined("\"date_modified_gmt\" is an object, not a string")),
                signedBody("date_modified_gmt null", orderWith("date_modified_gmt", "null"),
                        Expect.quarantined("order body has no \"date_modified_gmt\"")),
                signedBody("two date_modified_gmt", "{\"id\":1234,\"date_modified_gmt\":\"2024-05-03T06:30:00\","
                        + "\"date_modified_gmt\":\"2024-05-04T06:30:00\"}", Expect.quarantined("more than one top-level \"date_modified_gmt\"")),
                signedBody("order.deleted with an id as a string", "order.deleted", utf8("{\"id\":\"1234\"}"), Expect.accepted()),
                signedBody("order.deleted without an id", "order.deleted", utf8("{}"), Expect.quarantined("(found none)")));
    }

    static Stream<Arguments> numbersAndStatuses() {
        return Stream.of(
                // The receiver reads two fields; amounts and statuses are the processor's to judge.
                signedBody("a huge total", orderWith("total", "1" + "0".repeat(900)), Expect.accepted()),
                signedBody("a total of 1e999", orderWith("total", "1e999"), Expect.accepted()),
                signedBody("a negative total", orderWith("total", "\"-537.00\""), Expect.accepted()),
                signedBody("a negative quantity", order(1234).replace("\"quantity\":2", "\"quantity\":-2"), Expect.accepted()),
                signedBody("a number of 1001 digits", orderWith("total", "9".repeat(1001)), Expect.quarantined("Number value length (1001) exceeds")),
                signedBody("an unknown status", order(1234, "exploded", "2024-05-03T06:30:00"), Expect.accepted()),
                signedBody("a status that is a number", orderWith("status", "42"), Expect.accepted()),
                signedBody("no status", orderWithout("status"), Expect.accepted()),
                signedBody("an unknown order topic", "order.exploded", utf8(order(1234)), Expect.quarantined("unknown topic 'order.exploded'")),
                signedBody("an upper-case topic", "ORDER.UPDATED", utf8(order(1234)), Expect.quarantined("unknown topic 'ORDER.UPDATED'")),
                signedBody("a topic with a control character", "order.updated\u0007", utf8(order(1234)),
                        Expect.quarantined("unknown topic 'order.updated?'")),
                signedBody("a product topic", "product.updated", utf8("{\"id\":88,\"name\":\"Ullm\\u00f6ssa\"}"),
                        Expect.ignored("topic product.updated is not about orders")));
    }

    static Stream<Arguments> deepNesting() {
        int deep = 100_000;
        return Stream.of(
                signedBody("100k nested arrays in a field", orderWith("meta_data", "[".repeat(deep) + "]".repeat(deep)),
                        Expect.quarantined("nesting depth (1001) exceeds")),
                signedBody("100k unclosed arrays in a field", "{\"id\":1234,\"x\":" + "[".repeat(deep),
                        Expect.quarantined("nesting depth (1001) exceeds")),
                signedBody("100k nested objects", "{\"id\":1234,\"x\":" + "{\"a\":".repeat(deep) + "1" + "}".repeat(deep) + "}",
                        Expect.quarantined("nesting depth (1001) exceeds")),
                signedBody("100k nested arrays as the body", "[".repeat(deep) + "]".repeat(deep), Expect.quarantined("not a JSON object")),
                signedBody("500 nested arrays (within the limit)", orderWith("meta_data", "[".repeat(500) + "]".repeat(500)),
                        Expect.accepted()));
    }

    static Stream<Arguments> encodings() {
        String order = order(1234);
        byte[] latin1 = order.replace("\\u00c5sa", "\u00c5sa").getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                signedBody("Latin-1 instead of UTF-8", "order.updated", latin1, Expect.quarantined("not valid UTF-8")),
                signedBody("a lone continuation byte", "order.updated", splice(order, new byte[] {(byte) 0x80}),
                        Expect.quarantined("not valid UTF-8")),
                signedBody("an overlong encoding of '/'", "order.updated", splice(order, new byte[] {(byte) 0xC0, (byte) 0xAF}),
                        Expect.quarantined("not valid UTF-8")),
                signedBody("a UTF-8 encoded surrogate", "order.updated", splice(order, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                        Expect.quarantined("not valid UTF-8")),
                signedBody("a multi-byte character cut at the end", "order.updated",
                        concat(utf8(order), new byte[] {(byte) 0xE2, (byte) 0x82}), Expect.quarantined("not valid UTF-8")),
                signedBody("UTF-16BE", "order.updated", order.getBytes(StandardCharsets.UTF_16BE), Expect.quarantined("NUL byte at byte 0")),
                signedBody("UTF-16LE", "order.updated", order.getBytes(StandardCharsets.UTF_16LE), Expect.quarantined("NUL byte at byte 1")),
                signedBody("UTF-16 with its byte order mark", "order.updated", order.getBytes(StandardCharsets.UTF_16),
                        Expect.quarantined("not valid UTF-8")),
                signedBody("UTF-32", "order.updated", order.getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
                        Expect.quarantined("NUL byte")),
                signedBody("a UTF-8 byte order mark", "order.updated", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(order)),
                        Expect.quarantined("byte order mark")),
                signedBody("a NUL byte after the object", "order.updated", concat(utf8(order), new byte[] {0}), Expect.quarantined("NUL byte")),
                signedBody("unescaped UTF-8 text (valid)", "order.updated", utf8(order.replace("\\u00c5sa", "\u00c5sa")),
                        Expect.accepted()),
                signedBody("a 4-byte UTF-8 character (valid)", "order.updated", utf8(orderWith("customer_note", "\"\uD83D\uDCE6\"")),
                        Expect.accepted()),
                signedBody("random binary", "order.updated", randomBytes(2048, 7), Expect.quarantined("")));
    }

    static Stream<Arguments> headerCases() {
        byte[] body = utf8(order(1234));
        String signature = Deliveries.hmacBase64(body, ReceiverFixture.DEMO_SECRET);
        String wrong = Deliveries.hmacBase64(body, ReceiverFixture.OTHER_SECRET);
        return Stream.of(
                bad("no signature header", event("demo", headers("order.updated", body, null), body), body,
                        Expect.unauthorized("X-WC-Webhook-Signature is missing")),
                bad("an empty signature", withHeaders(body, h -> put(h, "x-wc-webhook-signature", "")), body,
                        Expect.unauthorized("is missing")),
                bad("a blank signature", withHeaders(body, h -> put(h, "x-wc-webhook-signature", "  ")), body,
                        Expect.unauthorized("is missing")),
                bad("no headers at all", event("demo", null, body), body, Expect.unauthorized("is missing")),
                bad("no topic header", withHeaders(body, h -> remove(h, "x-wc-webhook-topic")), body,
                        Expect.quarantined("no X-WC-Webhook-Topic header")),
                bad("an empty topic header", withHeaders(body, h -> put(h, "x-wc-webhook-topic", "")), body,
                        Expect.quarantined("no X-WC-Webhook-Topic header")),
                bad("the signature sent twice (joined by API Gateway)",
                        withHeaders(body, h -> put(h, "x-wc-webhook-signature", signature + "," + signature)), body, Expect.accepted()),
                bad("a wrong and the right signature", withHeaders(body, h -> put(h, "x-wc-webhook-signature", wrong + "," + signature)),
                        body, Expect.accepted()),
                bad("two wrong signatures", withHeaders(body, h -> put(h, "x-wc-webhook-signature", wrong + "," + wrong)), body,
                        Expect.unauthorized("does not match the body")),
                bad("the signature with spaces around it", withHeaders(body, h -> put(h, "x-wc-webhook-signature", " " + signature + " ")),
                        body, Expect.accepted()),
                bad("the signature without its padding", withHeaders(body, h -> put(h, "x-wc-webhook-signature", signature.replace("=", ""))),
                        body, Expect.accepted()),
                bad("the signature in base64url", withHeaders(body, h -> put(h, "x-wc-webhook-signature",
                        signature.replace('+', '-').replace('/', '_') + "-_")), body, Expect.unauthorized("does not match the body")),
                bad("a signature of the wrong length", withHeaders(body, h -> put(h, "x-wc-webhook-signature", signature.substring(0, 20))),
                        body, Expect.unauthorized("does not match the body")),
                bad("a hex signature", withHeaders(body, h -> put(h, "x-wc-webhook-signature",
                        java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(signature)))), body,
                        Expect.unauthorized("does not match the body")),
                bad("the topic sent twice", withHeaders(body, h -> put(h, "x-wc-webhook-topic", "order.updated,order.updated")), body,
                        Expect.accepted()),
                bad("two different topics", withHeaders(body, h -> put(h, "x-wc-webhook-topic", "order.updated,order.deleted")), body,
                        Expect.quarantined("X-WC-Webhook-Topic was sent more than once with different values")),
                bad("the delivery id sent twice", withHeaders(body, h -> put(h, "x-wc-webhook-delivery-id", "abc,abc")), body,
                        Expect.accepted()),
                bad("mixed-case header names", event("demo", upperCased(headers("order.updated", body, ReceiverFixture.DEMO_SECRET)), body),
                        body, Expect.accepted()),
                bad("the topic in two cases with the same value", withHeaders(body, h -> put(h, "X-WC-Webhook-Topic", "order.updated")),
                        body, Expect.accepted()),
                bad("the topic in two cases with different values", withHeaders(body, h -> put(h, "X-WC-Webhook-Topic", "order.created")),
                        body, Expect.quarantined("different values")),
                bad("the signature in two cases, one wrong", withHeaders(body, h -> put(h, "X-WC-Webhook-Signature", wrong)), body,
                        Expect.accepted()),
                bad("10,000 characters of topic", withHeaders(body, h -> put(h, "x-wc-webhook-topic", "order." + "x".repeat(10_000))),
                        body, Expect.quarantined("unknown topic 'order.xxx")),
                bad("200 extra headers", withHeaders(body, h -> {
                    for (int i = 0; i < 200; i++) {
                        h.put("x-extra-" + i, "v".repeat(1000));
                    }
                    return h;
                }), body, Expect.accepted()));
    }

    static Stream<Arguments> base64AndSizes() {
        byte[] body = utf8(order(1234));
        Map<String, String> signedHeaders = headers("order.updated", body, ReceiverFixture.DEMO_SECRET);
        String notBase64 = "this is %% not base64";
        return Stream.of(
                bad("isBase64Encoded with a body that is not Base64", base64Flagged(signedHeaders, notBase64), utf8(notBase64),
                        Expect.unauthorized("does not match the body")),
                // The text is then the only bytes there are; signed, it is kept like any other body.
                bad("isBase64Encoded with non-Base64 text that is itself signed", base64Flagged(
                        headers("order.updated", utf8(notBase64), ReceiverFixture.DEMO_SECRET), notBase64), utf8(notBase64),
                        Expect.quarantined("not valid JSON")),
                // API Gateway never breaks lines; such a text is not Base64 and is checked as it is.
                bad("Base64 with MIME line breaks", base64Flagged(signedHeaders, mime(body)), utf8(mime(body)),
                        Expect.unauthorized("does not match the body")),
                bad("a signed body of exactly 1 MiB", signed("order.updated", padded(MAX, false)), padded(MAX, false), Expect.accepted()),
                bad("a signed body of 1 MiB and one byte", signed("order.updated", padded(MAX + 1, false)), padded(MAX + 1, false),
                        Expect.tooLarge("body of 1048577 bytes is over the limit of 1048576 bytes")),
                bad("an unsigned body of 1 MiB and one byte", event("demo", headers("order.updated", padded(MAX + 1, false), null),
                        padded(MAX + 1, false)), padded(MAX + 1, false), Expect.tooLarge("over the limit")),
                bad("a signed 1 MiB body sent as Base64", base64Flagged(headers("order.updated", padded(MAX, false),
                        ReceiverFixture.DEMO_SECRET), java.util.Base64.getEncoder().encodeToString(padded(MAX, false))),
                        padded(MAX, false), Expect.accepted()),
                // Over what one DynamoDB item holds even compressed: refused as the contract says (row 12).
                bad("a signed incompressible body of exactly 1 MiB", signed("order.updated", padded(MAX, true)), padded(MAX, true),
                        Expect.tooLarge("compressed, over what one DynamoDB item holds")),
                bad("a signed incompressible 200 KiB body that is not JSON", signed("order.updated", randomBytes(200 * 1024, 3)),
                        randomBytes(200 * 1024, 3), Expect.quarantined("")));
    }

    static Stream<Arguments> formJunkEmptyAndPings() {
        byte[] ping = utf8("webhook_id=12");
        Map<String, String> form = Map.of("content-type", "application/x-www-form-urlencoded");
        return Stream.of(
                signedBody("form-encoded fields", "id=1234&status=completed&date_modified_gmt=2024-05-03T06%3A30%3A00",
                        Expect.quarantined("not valid JSON")),
                signedBody("form-encoded JSON", "payload=%7B%22id%22%3A1234%7D", Expect.quarantined("not valid JSON")),
                bad("unsigned form junk", event("demo", form, utf8("a=1&b=2")), utf8("a=1&b=2"), Expect.unauthorized("is missing")),
                signedBody("an empty signed body", "order.updated", new byte[0], Expect.quarantined("not a JSON object")),
                bad("an empty unsigned body", event("demo", Map.of(), new byte[0]), new byte[0], Expect.unauthorized("is missing")),
                bad("no body at all", nullBody(), new byte[0], Expect.unauthorized("is missing")),
                bad("WooCommerce's ping", event("demo", form, ping), ping, Expect.ping()),
                bad("the ping with a trailing newline", event("demo", form, utf8("webhook_id=12\n")), utf8("webhook_id=12\n"), Expect.ping()),
                bad("the ping sent as Base64", base64Flagged(form, java.util.Base64.getEncoder().encodeToString(ping)), ping, Expect.ping()),
                bad("the ping to an unknown shop", event("nosuchshop", form, ping), ping, Expect.unknownShop()),
                bad("a ping with a topic header", event("demo", Map.of("x-wc-webhook-topic", "order.updated"), ping), ping,
                        Expect.unauthorized("is missing")),
                bad("a ping with an extra field", event("demo", form, utf8("webhook_id=12&x=1")), utf8("webhook_id=12&x=1"),
                        Expect.unauthorized("is missing")),
                bad("a ping with a word for the id", event("demo", form, utf8("webhook_id=abc")), utf8("webhook_id=abc"),
                        Expect.unauthorized("is missing")),
                bad("a ping as JSON", event("demo", Map.of(), utf8("{\"webhook_id\":12}")), utf8("{\"webhook_id\":12}"),
                        Expect.unauthorized("is missing")),
                bad("a ping with a wrong signature", event("demo", Map.of("x-wc-webhook-signature", "AAAA"), ping), ping,
                        Expect.unauthorized("does not match")),
                signedBody("a signed ping look-alike with an order topic", "order.updated", ping, Expect.quarantined("not valid JSON")),
                bad("a signed ping look-alike without a topic", event("demo", Map.of("x-wc-webhook-signature",
                        Deliveries.hmacBase64(ping, ReceiverFixture.DEMO_SECRET)), ping), ping, Expect.quarantined("no X-WC-Webhook-Topic")),
                bad("no shop in the path", event(null, headers("order.updated", utf8(order(1)), ReceiverFixture.DEMO_SECRET),
                        utf8(order(1))), utf8(order(1)), Expect.unknownShop()),
                bad("a shop id with a key separator", event("demo#ORDER#1", headers("order.updated", utf8(order(1)),
                        ReceiverFixture.DEMO_SECRET), utf8(order(1))), utf8(order(1)), Expect.unknownShop()),
                bad("an event with nothing set", HttpApiEvent.builder().build(), new byte[0], Expect.unknownShop()));
    }

    @ParameterizedTest(name = "malformed JSON: {0}")
    @MethodSource("malformedJson")
    void malformedAndTruncatedJson(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "wrong type: {0}")
    @MethodSource("wrongTypes")
    void wrongTypesForTheFieldsTheReceiverReads(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "numbers and statuses: {0}")
    @MethodSource("numbersAndStatuses")
    void hugeAndNegativeNumbersAndUnknownStatusesAndTopics(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "nesting: {0}")
    @MethodSource("deepNesting")
    void deepNestingNeverOverflowsTheStack(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "encoding: {0}")
    @MethodSource("encodings")
    void bodiesThatAreNotUtf8JsonTextAreQuarantined(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "headers: {0}")
    @MethodSource("headerCases")
    void missingRepeatedAndMixedCaseHeaders(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "base64 and size: {0}")
    @MethodSource("base64AndSizes")
    void base64FlagsAndBodiesAtAndOverTheLimit(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    @ParameterizedTest(name = "form, empty, ping: {0}")
    @MethodSource("formJunkEmptyAndPings")
    void formJunkEmptyBodiesAndPingLookAlikes(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        check(name, event, raw, expect);
    }

    private void check(String name, APIGatewayV2HTTPEvent event, byte[] raw, Expect expect) {
        APIGatewayV2HTTPResponse response = assertDoesNotThrow(() -> fixture.post(event), name);

        assertTrue(response.getStatusCode() < 500, name + ": " + response.getStatusCode() + " " + response.getBody());
        assertEquals(expect.http(), response.getStatusCode(), name + ": " + response.getBody());
        JsonNode json = ReceiverFixture.json(response);
        assertEquals(expect.status(), json.get("status").asText(), name);
        assertEquals(1, fixture.logLines.size(), name + ": one log line per delivery");
        JsonNode logLine = ReceiverFixture.jsonText(fixture.logLines.get(0));
        assertEquals(expect.status(), logLine.get("outcome").asText(), name);
        assertEquals(expect.http(), logLine.get("http").asInt(), name);

        String reason = json.has("reason") ? json.get("reason").asText() : logLine.path("reason").asText(null);
        if (expect.http() != 200 || expect.status().equals("ignored")) {
            assertTrue(reason != null && reason.length() > 10, name + ": a refusal says why: " + response.getBody());
            assertTrue(reason.contains(expect.reasonPart()), name + ": reason was: " + reason);
            String logged = logLine.get("reason").asText();
            assertTrue(reason.startsWith(logged) && logged.length() >= Math.min(reason.length(), 200),
                    name + ": the log gives the same reason (cut at 200 characters): " + logged);
        }

        Map<String, String> headers = event.getHeaders();
        for (String forbidden : Deliveries.forbiddenInLogs(raw, headers)) {
            assertFalse(fixture.logLines.get(0).contains(forbidden), name + ": log line shows '" + forbidden + "': " + fixture.logLines.get(0));
            assertFalse(response.getBody().contains(forbidden), name + ": response shows '" + forbidden + "'");
        }

        List<Map<String, AttributeValue>> inbox = fixture.inboxItems();
        List<QuarantinedDelivery> quarantined = new QuarantineStore(fixture.dynamo, fixture.table).list("demo");
        switch (expect.stored()) {
            case INBOX -> {
                assertEquals(1, inbox.size(), name);
                assertEquals(List.of(), quarantined, name);
                Map<String, AttributeValue> item = inbox.get(0);
                assertEquals(Deliveries.sha256Hex(raw), item.get("bodyHash").s(), name);
                assertArrayEquals(raw, InboxStore.fromAttributes(item).body().getBytes(StandardCharsets.UTF_8), name);
            }
            case QUARANTINE -> {
                assertEquals(List.of(), inbox, name);
                assertEquals(1, quarantined.size(), name);
                QuarantinedDelivery kept = quarantined.get(0);
                assertArrayEquals(raw, kept.body(), name + ": the quarantine keeps the exact bytes");
                assertEquals(reason, kept.reason(), name);
                assertFalse(kept.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("x-wc-webhook-signature")), name);
            }
            case NOTHING -> assertEquals(List.of(), fixture.storedDeliveries(), name);
        }

        // The invariant behind all cases: a body signed with the shop's secret is never lost,
        // unless it is over the size contract (413) or about another resource (ignored).
        String shopId = event.getPathParameters() == null ? null : event.getPathParameters().get("shopId");
        boolean signedForDemo = "demo".equals(shopId) && headers != null && Deliveries.signedWith(raw,
                Deliveries.joinedHeader(headers, "x-wc-webhook-signature"), ReceiverFixture.DEMO_SECRET);
        if (signedForDemo && expect.http() != 413 && !expect.status().equals("ignored")) {
            assertNotEquals(Stored.NOTHING, expect.stored(), name + ": a signed body must be kept");
            assertEquals(1, inbox.size() + quarantined.size(), name + ": a signed body is kept exactly once");
        }
    }

    private static APIGatewayV2HTTPEvent withHeaders(byte[] body, UnaryOperator<Map<String, String>> change) {
        Map<String, String> headers = change.apply(new HashMap<>(headers("order.updated", body, ReceiverFixture.DEMO_SECRET)));
        return event("demo", headers, body);
    }

    private static Map<String, String> put(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> remove(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static Map<String, String> upperCased(Map<String, String> headers) {
        Map<String, String> mixed = new HashMap<>();
        headers.forEach((name, value) -> mixed.put(
                Arrays.stream(name.split("-")).map(p -> p.isEmpty() ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1))
                        .reduce((a, b) -> a + "-" + b).orElse(name).replace("Wc", "WC"), value));
        return mixed;
    }

    private static APIGatewayV2HTTPEvent base64Flagged(Map<String, String> headers, String body) {
        APIGatewayV2HTTPEvent event = event("demo", headers, new byte[0]);
        event.setBody(body);
        event.setIsBase64Encoded(true);
        return event;
    }

    private static String mime(byte[] body) {
        return java.util.Base64.getMimeEncoder().encodeToString(concat(body, new byte[80]));
    }

    private static APIGatewayV2HTTPEvent nullBody() {
        APIGatewayV2HTTPEvent event = event("demo", Map.of("content-type", "application/json"), new byte[0]);
        event.setBody(null);
        return event;
    }

    /** An order of exactly {@code size} bytes: padding in a note, compressible or random. */
    private static byte[] padded(int size, boolean incompressible) {
        String head = "{\"id\":1234,\"date_modified_gmt\":\"2024-05-03T06:30:00\",\"customer_note\":\"";
        String tail = "\"}";
        int padding = size - head.length() - tail.length();
        String note;
        if (incompressible) {
            Random random = new Random(size);
            StringBuilder text = new StringBuilder(padding);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            for (int i = 0; i < padding; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            note = text.toString();
        } else {
            note = "x".repeat(padding);
        }
        byte[] body = utf8(head + note + tail);
        assertEquals(size, body.length);
        return body;
    }

    private static byte[] splice(String order, byte[] bytes) {
        // Into the customer's city name, inside a string, where only the encoding is wrong.
        int at = order.indexOf("G\\u00f6teborg") + 1;
        return concat(concat(Arrays.copyOf(utf8(order), at), bytes), Arrays.copyOfRange(utf8(order), at, utf8(order).length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
