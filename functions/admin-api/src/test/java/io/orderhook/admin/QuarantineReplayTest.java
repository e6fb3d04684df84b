package io.orderhook.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.intake.IntakeOutcome;
import io.orderhook.store.BodyHash;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.QuarantinedDelivery;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GET /admin/shops/{shopId}/quarantine and POST .../quarantine/replay: deliveries the real intake
 * quarantined, listed and replayed, with the inbox and the quarantine checked in DynamoDB.
 */
class QuarantineReplayTest extends AdminApiTest {
    private static final String REPLAY = "/admin/shops/shop-a/quarantine/replay";

    @Test
    void aDeliveryKeptWhileTheSecretWasMissingIsReplayedAfterTheFixAndLandsInTheInboxExactlyOnce() {
        admin.storeWebhookSecret(false);
        String body = AdminFixture.orderBody(2001, "2024-05-02T10:15:30", "completed");
        IntakeOutcome kept = admin.deliver("order.updated", body);
        assertInstanceOf(IntakeOutcome.Quarantined.class, kept);

        JsonNode listed = admin.get("/admin/shops/shop-a/quarantine").body().get("deliveries");
        assertEquals(1, listed.size());
        JsonNode entry = listed.get(0);
        String key = entry.get("key").asText();
        assertEquals("order.updated", entry.get("topic").asText());
        assertFalse(entry.get("signatureVerified").asBoolean());
        assertTrue(entry.get("reason").asText().startsWith("signature NOT verified"), entry.toString());
        assertEquals(body.length(), entry.get("bodyBytes").asInt());
        assertFalse(entry.get("bodyTruncated").asBoolean());

        // Nobody checked the body against the shop yet: refused, kept.
        AdminFixture.Reply blind = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\"}");
        blind.assertKind(409, "not-replayable");
        assertTrue(blind.reason().contains("\"trustUnverified\": true"), blind.reason());

        // Checked, but the secret is still missing: refused, kept.
        AdminFixture.Reply stillMissing = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");
        stillMissing.assertRefused(409, "still cannot be read");
        assertEquals(List.of(), admin.inboxItems("2001"));
        assertEquals(1, admin.quarantine.entries(AdminFixture.SHOP).size());

        admin.storeWebhookSecret(true);
        AdminFixture.Reply replayed = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");

        assertEquals(200, replayed.status(), replayed.body().toString());
        assertEquals("accepted", replayed.body().get("outcome").asText());
        assertTrue(replayed.body().get("removedFromQuarantine").asBoolean());
        List<Map<String, AttributeValue>> inbox = admin.inboxItems("2001");
        assertEquals(1, inbox.size());
        assertEquals("EVENT#2024-05-02T10:15:30#" + BodyHash.of(body.getBytes(StandardCharsets.UTF_8)), inbox.get(0).get("SK").s());
        assertEquals(body, inbox.get(0).get("body").s());
        assertEquals("order.updated", inbox.get(0).get("topic").s());
        assertEquals(List.of(), admin.quarantine.entries(AdminFixture.SHOP));
        assertEquals(0, admin.get("/admin/shops/shop-a/quarantine").body().get("deliveries").size());

        AdminFixture.Reply again = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");
        assertEquals(404, again.status());
        assertEquals(1, admin.inboxItems("2001").size());
    }

    @Test
    void aDeliveryTheShopSentAgainMeanwhileIsADuplicateOnReplayAndLeavesTheQuarantine() {
        admin.storeWebhookSecret(false);
        String body = AdminFixture.orderBody(2002, "2024-05-02T11:00:00", "cancelled");
        admin.deliver("order.updated", body);
        String key = admin.quarantine.entries(AdminFixture.SHOP).get(0).sortKey();
        admin.storeWebhookSecret(true);
        assertInstanceOf(IntakeOutcome.Accepted.class, admin.deliver("order.updated", body));

        AdminFixture.Reply replayed = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");

        assertEquals(200, replayed.status());
        assertEquals("duplicate", replayed.body().get("outcome").asText());
        assertEquals(1, admin.inboxItems("2002").size());
        assertEquals(List.of(), admin.quarantine.entries(AdminFixture.SHOP));
    }

    @Test
    void twoAdminsReplayingTheSameDeliveryAtOnceStoreItOnce() throws Exception {
        admin.storeWebhookSecret(false);
        admin.deliver("order.updated", AdminFixture.orderBody(2003, "2024-05-02T12:00:00", "completed"));
        String key = admin.quarantine.entries(AdminFixture.SHOP).get(0).sortKey();
        admin.storeWebhookSecret(true);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<AdminFixture.Reply>> replays = List.of(1, 2).stream().map(n -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");
        })).toList();
        start.countDown();

        List<String> outcomes = replays.stream().map(CompletableFuture::join)
                .map(r -> r.status() + " " + r.body().path("outcome").asText(r.body().path("status").asText())).sorted().toList();

        assertEquals(1, admin.inboxItems("2003").size(), outcomes.toString());
        assertEquals(List.of(), admin.quarantine.entries(AdminFixture.SHOP));
        assertTrue(outcomes.contains("200 accepted"), outcomes.toString());
    }

    @Test
    void aDeliveryWithAnUnknownTopicIsQuarantinedAgainOnReplayAndStaysOnce() {
        String body = AdminFixture.orderBody(2004, "2024-05-02T13:00:00", "completed");
        admin.deliver("order.refunded", body);
        JsonNode entry = admin.get("/admin/shops/shop-a/quarantine").body().at("/deliveries/0");
        assertTrue(entry.get("signatureVerified").asBoolean(), "the signature was checked before the topic");
        assertEquals("unknown topic 'order.refunded'", entry.get("reason").asText());
        String key = entry.get("key").asText();

        AdminFixture.Reply replayed = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\"}");

        assertEquals(409, replayed.status());
        assertEquals("quarantined", replayed.body().get("outcome").asText());
        assertEquals("unknown topic 'order.refunded'", replayed.body().get("reason").asText());
        assertFalse(replayed.body().get("removedFromQuarantine").asBoolean());
        List<QuarantineStore.Entry> left = admin.quarantine.entries(AdminFixture.SHOP);
        assertEquals(1, left.size(), "the replay's own copy is removed, the original stays");
        assertEquals(key, left.get(0).sortKey());
        assertEquals(List.of(), admin.inboxItems("2004"));
    }

    @Test
    void aBodyThatCannotBeReadStaysQuarantinedWithItsReason() {
        String body = "{\"id\":2005,\"status\":\"completed\"}";
        admin.deliver("order.updated", body);
        String key = admin.quarantine.entries(AdminFixture.SHOP).get(0).sortKey();

        AdminFixture.Reply replayed = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\"}");

        assertEquals(409, replayed.status());
        assertTrue(replayed.body().get("reason").asText().contains("date_modified_gmt"), replayed.body().toString());
        assertEquals(1, admin.quarantine.entries(AdminFixture.SHOP).size());
        assertEquals(List.of(), admin.inboxItems("2005"));
    }

    @Test
    void aDeliveryWhoseBodyWasCutIsNeverReplayed() {
        byte[] incompressible = new byte[400 * 1024];
        new Random(7).nextBytes(incompressible);
        String key = admin.quarantine.put(new QuarantinedDelivery(AdminFixture.SHOP, Instant.now(), "d-big", "order.updated",
                "body is not JSON", Map.of("x-wc-webhook-topic", "order.updated"), incompressible));
        assertTrue(admin.get("/admin/shops/shop-a/quarantine").body().at("/deliveries/0/bodyTruncated").asBoolean());

        AdminFixture.Reply replayed = admin.call("POST", REPLAY, "{\"key\":\"" + key + "\",\"trustUnverified\":true}");

        replayed.assertKind(409, "not-replayable");
        assertTrue(replayed.reason().contains("only the first part"), replayed.reason());
        assertEquals(1, admin.quarantine.entries(AdminFixture.SHOP).size());
    }

    @Test
    void theListIsOldestFirstAlsoWhenADeliveryArrivedOnAWholeSecond() {
        Instant whole = Instant.parse("2024-05-02T10:15:30Z");
        for (Instant at : List.of(whole.plusMillis(500), whole, whole.plusSeconds(1))) {
            admin.quarantine.put(new QuarantinedDelivery(AdminFixture.SHOP, at, null, "order.updated", "body is not JSON",
                    Map.of(), "x".getBytes(StandardCharsets.UTF_8)));
        }

        JsonNode listed = admin.get("/admin/shops/shop-a/quarantine").body().get("deliveries");

        assertEquals(List.of("2024-05-02T10:15:30Z", "2024-05-02T10:15:30.500Z", "2024-05-02T10:15:31Z"),
                List.of(listed.get(0).get("receivedAt").asText(), listed.get(1).get("receivedAt").asText(),
                        listed.get(2).get("receivedAt").asText()));
        assertEquals("2024-05-02T10:15:30.000Z#-", listed.get(0).get("key").asText());
    }

    @Test
    void aShopWithNothingQuarantinedListsNothing() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-a/quarantine");

        assertEquals(200, reply.status());
        assertEquals("shop-a", reply.body().get("shopId").asText());
        assertEquals(0, reply.body().get("deliveries").size());
    }

    @Test
    void theQuarantineOfAShopThatIsNotConfiguredIs404NotAnEmptyList() {
        AdminFixture.Reply reply = admin.get("/admin/shops/shop-z/quarantine");

        reply.assertKind(404, "unknown-shop");
    }

    @Test
    void replayRequestsThatNameNoDeliveryAreRefusedWithWhatToSend() {
        AdminFixture.Reply noKey = admin.call("POST", REPLAY, "{}");
        AdminFixture.Reply notJson = admin.call("POST", REPLAY, "{\"key\":");
        AdminFixture.Reply badFlag = admin.call("POST", REPLAY, "{\"key\":\"x\",\"trustUnverified\":\"yes\"}");
        AdminFixture.Reply unknownKey = admin.call("POST", REPLAY, "{\"key\":\"2024-01-01T00:00:00Z#-\"}");
        AdminFixture.Reply unknownShop = admin.call("POST", "/admin/shops/shop-z/quarantine/replay", "{\"key\":\"x\"}");

        noKey.assertRefused(400, "{\"key\": \"...\"}");
        assertEquals(400, notJson.status());
        assertTrue(notJson.reason().startsWith("the body is not JSON"), notJson.reason());
        badFlag.assertRefused(400, "trustUnverified must be true or false");
        unknownKey.assertRefused(404, "no quarantined delivery");
        unknownShop.assertKind(404, "unknown-shop");
    }
}
