package io.orderhook.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.TableDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Mutates valid signed deliveries (byte flips, truncations, insertions, deletions, repeated
 * pieces, deep nesting, header drops, case changes, joined and wrong signatures, other shops)
 * for a bounded time and checks every answer against DynamoDB Local: no exception, no 5xx, a
 * body signed for a known shop is in the inbox or the quarantine byte for byte, nothing unsigned
 * is stored, and no log line shows a secret, signature, hash or personal data.
 *
 * <p>Runs {@code fuzz.seconds} seconds (default 12, and at least 200 deliveries) from seed {@code fuzz.seed} (fixed
 * default, printed); {@code -Dfuzz.iterations=N} stops after N deliveries instead, which with
 * the same seed replays a failure exactly.
 */
class ReceiverFuzzTest {
    private static final long DEFAULT_SEED = 20240503L;
    /** A timed run is never shorter than this, so a busy machine still covers every path. */
    private static final long MIN_DELIVERIES = 200;
    private static final Map<String, String> SECRETS = Map.of("demo", ReceiverFixture.DEMO_SECRET,
            "other", ReceiverFixture.OTHER_SECRET);
    private static final List<String> TOPICS = List.of("order.updated", "order.updated", "order.created", "order.deleted",
            "order.restored", "product.updated", "coupon.created", "order.exploded", "action.woocommerce_checkout", "");
    private static final byte[] INTERESTING = "\"{}[],:\\0123456789-.eE ntfu".getBytes(StandardCharsets.US_ASCII);
    private static final Set<Integer> ALLOWED_HTTP = Set.of(200, 202, 401, 404, 413);

    private final ReceiverFixture fixture = new ReceiverFixture();

    private record Fuzzed(String shopId, Map<String, String> headers, byte[] body, boolean forceBase64, String what) {}

    @Test
    void mutatedDeliveriesAreNeverLostNeverAnswered5xxAndNeverLeakIntoTheLog() {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        long seconds = Long.getLong("fuzz.seconds", 12);
        long maxIterations = Long.getLong("fuzz.iterations", Long.MAX_VALUE);
        System.out.printf("receiver fuzz: seed=%d, %s (replay: -Dfuzz.seed=%d -Dfuzz.iterations=N)%n", seed,
                maxIterations == Long.MAX_VALUE ? seconds + " s" : maxIterations + " iterations", seed);
        Random random = new Random(seed);
        Instant start = fixture.clock.instant();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Fuzzed> sent = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        long expectedInbox = 0;
        long expectedQuarantine = 0;
        long iteration = 0;
        // At least MIN_DELIVERIES however slow the machine, then on until the deadline.
        while (iteration < maxIterations && (maxIterations != Long.MAX_VALUE || iteration < MIN_DELIVERIES
                || System.nanoTime() < deadline)) {
            // A fresh second per delivery: its quarantine item (if any) is found by its time.
            fixture.clock.set(start.plusSeconds(iteration));
            Fuzzed fuzzed = !sent.isEmpty() && random.nextInt(20) == 0
                    ? sent.get(random.nextInt(sent.size())) // a redelivery: duplicate or same refusal again
                    : fuzz(random, iteration);
            sent.add(fuzzed);
            if (sent.size() > 200) {
                sent.remove(0);
            }
            String context = "seed " + seed + ", iteration " + iteration + " (" + fuzzed.what() + "), body (Base64, first 300 bytes) "
                    + Base64.getEncoder().encodeToString(Arrays.copyOf(fuzzed.body(), Math.min(300, fuzzed.body().length)));
            try {
                String status = deliverAndCheck(fuzzed, context);
                outcomes.merge(status, 1, Integer::sum);
                if (status.equals("accepted")) {
                    expectedInbox++;
                } else if (status.equals("quarantined")) {
                    expectedQuarantine++;
                }
            } catch (AssertionError | RuntimeException e) {
                fail("fuzz failure at " + context + ": " + e.getMessage(), e);
            }
            iteration++;
        }
        System.out.printf("receiver fuzz: %d deliveries, outcomes %s%n", iteration, outcomes);

        // Nothing else was stored: every item is one an answer accounted for.
        assertEquals(expectedInbox, count("INBOX"), "inbox items = accepted answers (seed " + seed + ")");
        assertEquals(expectedQuarantine, count("QUARANTINE"), "quarantine items = quarantined answers (seed " + seed + ")");
        assertTrue(outcomes.getOrDefault("accepted", 0) > 0 && outcomes.getOrDefault("quarantined", 0) > 0
                && outcomes.getOrDefault("unauthorized", 0) > 0, "the mutations reach every path: " + outcomes);
    }

    /** Sends one delivery, checks every invariant, answers the outcome's status. */
    private String deliverAndCheck(Fuzzed fuzzed, String context) {
        APIGatewayV2HTTPEvent event = Deliveries.event(fuzzed.shopId(), fuzzed.headers(), fuzzed.body());
        if (fuzzed.forceBase64() && !event.getIsBase64Encoded()) {
            event.setBody(Base64.getEncoder().encodeToString(fuzzed.body()));
            event.setIsBase64Encoded(true);
        }
        int logLinesBefore = fixture.logLines.size();
        APIGatewayV2HTTPResponse response = fixture.post(event);

        assertTrue(ALLOWED_HTTP.contains(response.getStatusCode()), "HTTP " + response.getStatusCode() + " " + response.getBody());
        JsonNode json = ReceiverFixture.json(response);
        String status = json.get("status").asText();
        String reason = json.path("reason").asText("");
        if (response.getStatusCode() != 200) {
            assertTrue(reason.length() > 10, "a refusal says why: " + response.getBody());
        }
        assertEquals(logLinesBefore + 1, fixture.logLines.size(), "one log line per delivery");
        String logLine = fixture.logLines.get(logLinesBefore);
        JsonNode logged = ReceiverFixture.jsonText(logLine);
        assertEquals(status, logged.get("outcome").asText());
        for (String forbidden : Deliveries.forbiddenInLogs(fuzzed.body(), fuzzed.headers())) {
            assertFalse(logLine.contains(forbidden), "log line shows '" + forbidden + "': " + logLine);
            assertFalse(response.getBody().contains(forbidden), "response shows '" + forbidden + "'");
        }

        String secret = SECRETS.get(fuzzed.shopId());
        boolean signed = secret != null && Deliveries.signedWith(fuzzed.body(),
                Deliveries.joinedHeader(fuzzed.headers(), "x-wc-webhook-signature"), secret);
        List<Map<String, AttributeValue>> quarantinedNow = quarantinedAt(fuzzed.shopId());
        if (signed) {
            switch (status) {
                case "accepted", "duplicate" -> {
                    String orderId = logged.get("order").asText();
                    assertTrue(inboxHolds(fuzzed.shopId(), orderId, fuzzed.body()), "the inbox holds the exact body under "
                            + InboxItem.partitionKey(fuzzed.shopId(), orderId));
                }
                case "quarantined" -> {
                    assertEquals(1, quarantinedNow.size(), "one quarantine item for this delivery");
                    Map<String, AttributeValue> item = quarantinedNow.get(0);
                    assertEquals(reason, item.get(QuarantineStore.ATTR_REASON).s());
                    assertEquals(Deliveries.sha256Hex(fuzzed.body()), item.get(QuarantineStore.ATTR_BODY_HASH).s());
                    assertArrayEquals(fuzzed.body(), new QuarantineStore(fixture.dynamo, fixture.table).list(fuzzed.shopId())
                            .stream().filter(q -> q.receivedAt().equals(fixture.clock.instant())).findFirst().orElseThrow().body());
                }
                case "ignored" -> {
                    String topic = Deliveries.joinedHeader(fuzzed.headers(), "x-wc-webhook-topic");
                    assertTrue(topic != null && topic.matches("(product|customer|coupon)\\..*"), "only other resources are ignored: " + topic);
                }
                default -> fail("a body signed for shop " + fuzzed.shopId() + " was not kept: " + response.getBody());
            }
        } else {
            assertTrue(Set.of("unauthorized", "unknown-shop", "ping").contains(status),
                    "an unsigned delivery was answered " + response.getBody());
            assertEquals(List.of(), quarantinedNow, "nothing unsigned is quarantined");
        }
        return status;
    }

    private Fuzzed fuzz(Random random, long iteration) {
        StringBuilder what = new StringBuilder();
        long orderId = 1 + random.nextInt(50);
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        byte[] original = topic.equals("order.deleted") && random.nextBoolean()
                ? Deliveries.utf8("{\"id\":" + orderId + "}")
                : Deliveries.utf8(Deliveries.order(orderId, List.of("processing", "on-hold", "completed", "cancelled", "refunded")
                        .get(random.nextInt(5)), String.format(Locale.ROOT, "2024-05-%02dT%02d:%02d:00",
                        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60))));
        byte[] body = original;
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            body = mutateBody(random, body, what);
        }

        String shopId = switch (random.nextInt(10)) {
            case 0 -> "other";
            case 1 -> random.nextBoolean() ? "nosuchshop" : "de mo";
            default -> "demo";
        };
        String signingSecret = switch (random.nextInt(10)) {
            case 0 -> null; // unsigned
            case 1 -> ReceiverFixture.OTHER_SECRET.equals(SECRETS.get(shopId)) ? ReceiverFixture.DEMO_SECRET : ReceiverFixture.OTHER_SECRET;
            default -> SECRETS.getOrDefault(shopId, ReceiverFixture.DEMO_SECRET);
        };
        // Sometimes the signature of the body before mutation: what a corrupted transfer looks like.
        byte[] signedBytes = random.nextInt(5) == 0 ? original : body;
        Map<String, String> headers = new HashMap<>(Deliveries.headers(topic, signedBytes, signingSecret));
        int headerMutations = random.nextInt(3);
        for (int m = 0; m < headerMutations; m++) {
            mutateHeaders(random, headers, what);
        }
        what.insert(0, "shop " + shopId + ", topic '" + topic + "', " + (signingSecret == null ? "unsigned" : "signed")
                + (signedBytes == original && mutations > 0 ? " before mutation" : "") + ":");
        return new Fuzzed(shopId, headers, body, random.nextInt(4) == 0, what.toString());
    }

    private static byte[] mutateBody(Random random, byte[] body, StringBuilder what) {
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        switch (random.nextInt(9)) {
            case 0 -> {
                if (body.length > 0) {
                    body = body.clone();
                    body[at] = (byte) random.nextInt(256);
                    what.append(" byte ").append(at).append(" set");
                }
            }
            case 1 -> {
                if (body.length > 0) {
                    body = body.clone();
                    body[at] ^= (byte) (1 << random.nextInt(8));
                    what.append(" bit flipped at ").append(at);
                }
            }
            case 2 -> {
                body = Arrays.copyOf(body, at);
                what.append(" cut at ").append(at);
            }
            case 3 -> {
                byte[] inserted = new byte[1 + random.nextInt(4)];
                for (int i = 0; i < inserted.length; i++) {
                    inserted[i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                }
                body = splice(body, at, 0, inserted);
                what.append(" ").append(inserted.length).append(" bytes inserted at ").append(at);
            }
            case 4 -> {
                int length = Math.min(body.length - at, 1 + random.nextInt(20));
                body = splice(body, at, length, new byte[0]);
                what.append(" ").append(length).append(" bytes deleted at ").append(at);
            }
            case 5 -> {
                int length = Math.min(body.length - at, 1 + random.nextInt(40));
                body = splice(body, at, 0, Arrays.copyOfRange(body, at, at + length));
                what.append(" ").append(length).append(" bytes repeated at ").append(at);
            }
            case 6 -> {
                int depth = 1 + random.nextInt(3000);
                byte[] nesting = ("{\"n\":" + "[".repeat(depth) + "]".repeat(depth) + ",").getBytes(StandardCharsets.US_ASCII);
                body = body.length > 0 && body[0] == '{' ? splice(body, 0, 1, nesting) : body;
                what.append(" nesting ").append(depth).append(" deep");
            }
            case 7 -> {
                String[] numbers = {"-1", "0", "9223372036854775808", "1e999", "-0.0", "1".repeat(1001), "12.5", "\"12\"", "[12]", "null"};
                String number = numbers[random.nextInt(numbers.length)];
                String text = new String(body, StandardCharsets.ISO_8859_1);
                String field = random.nextBoolean() ? "\"id\":" : "\"total\":";
                int value = text.indexOf(field);
                if (value >= 0) {
                    int end = value + field.length();
                    while (end < text.length() && ",}".indexOf(text.charAt(end)) < 0) {
                        end++;
                    }
                    body = splice(body, value + field.length(), end - value - field.length(),
                            number.getBytes(StandardCharsets.US_ASCII));
                    what.append(" ").append(field).append(" set to ").append(number.length() > 20 ? number.length() + " digits" : number);
                }
            }
            default -> what.append(" body kept");
        }
        return body;
    }

    private static void mutateHeaders(Random random, Map<String, String> headers, StringBuilder what) {
        List<String> names = new ArrayList<>(headers.keySet());
        names.sort(null);
        String name = names.isEmpty() ? "x-wc-webhook-topic" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(6)) {
            case 0 -> {
                headers.remove(name);
                what.append(" header ").append(name).append(" dropped");
            }
            case 1 -> {
                String value = headers.remove(name);
                String upper = name.toUpperCase(Locale.ROOT);
                headers.put(upper, value == null ? "" : value);
                what.append(" header ").append(upper);
            }
            case 2 -> {
                String value = headers.getOrDefault(name, "");
                headers.put(name, value + "," + value);
                what.append(" header ").append(name).append(" repeated");
            }
            case 3 -> {
                byte[] random32 = new byte[32];
                random.nextBytes(random32);
                String wrong = Base64.getEncoder().encodeToString(random32);
                String current = headers.get("x-wc-webhook-signature");
                headers.put("x-wc-webhook-signature", current == null || random.nextBoolean() ? wrong : wrong + "," + current);
                what.append(" a wrong signature");
            }
            case 4 -> {
                headers.put("x-wc-webhook-topic", TOPICS.get(random.nextInt(TOPICS.size())));
                what.append(" topic changed to ").append(headers.get("x-wc-webhook-topic"));
            }
            default -> {
                headers.put("X-WC-Webhook-Topic", TOPICS.get(random.nextInt(TOPICS.size())));
                what.append(" a second topic header in another case");
            }
        }
    }

    private boolean inboxHolds(String shopId, String orderId, byte[] body) {
        QueryResponse items = fixture.dynamo.query(q -> q.tableName(fixture.table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(InboxItem.partitionKey(shopId, orderId)))));
        String hash = Deliveries.sha256Hex(body);
        return items.items().stream().filter(item -> hash.equals(item.get(InboxItem.ATTR_BODY_HASH).s()))
                .anyMatch(item -> Arrays.equals(body, InboxStore.fromAttributes(item).body().getBytes(StandardCharsets.UTF_8)));
    }

    /** The shop's quarantine items stored at the clock's current instant (this delivery's). */
    private List<Map<String, AttributeValue>> quarantinedAt(String shopId) {
        if (shopId == null || !shopId.matches("[A-Za-z0-9_-]+")) {
            return List.of();
        }
        return fixture.dynamo.query(q -> q.tableName(fixture.table).consistentRead(true)
                .keyConditionExpression("#pk = :pk and begins_with(#sk, :at)")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(QuarantineStore.partitionKey(shopId)),
                        ":at", AttributeValue.fromS(fixture.clock.instant().toString().substring(0, 19))))).items();
    }

    private long count(String type) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = fixture.dynamo.scan(s -> s.tableName(fixture.table).consistentRead(true).select(Select.COUNT)
                    .filterExpression("#type = :type").expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(":type", AttributeValue.fromS(type))).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private static byte[] splice(byte[] body, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + insert.length);
        out.write(body, 0, at);
        out.writeBytes(insert);
        out.write(body, at + remove, body.length - at - remove);
        return out.toByteArray();
    }
}
