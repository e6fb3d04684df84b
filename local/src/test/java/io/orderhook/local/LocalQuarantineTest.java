package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static io.orderhook.local.LocalStackSteps.checkout;
import static io.orderhook.local.LocalStackSteps.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.local.LocalStackSteps.CliRun;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.json.Json;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.testkit.woocommerce.OrderNote;

/**
 * {@code orderhook quarantine list} and {@code replay} end to end: signed deliveries posted over
 * HTTP to a running local stack, kept aside by the receiver, listed and replayed with the CLI,
 * and the outcome seen in the shop, at the sandbox and through {@code orderhook orders}.
 */
class LocalQuarantineTest {
    /** One line of {@code quarantine list}: key, topic, size and whether the signature was checked. */
    private static final Pattern LISTED = Pattern.compile("(?m)^  (\\S+)  topic (\\S+), (\\d+) bytes(, signature NOT verified)?$");
    private static final String SECRET_REF = LocalShops.ref(LocalShops.DEMO, "webhookSecret");

    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));
    private final HttpClient http = HttpClient.newHttpClient();

    private record Listed(String key, String topic, boolean verified) {}

    @Test
    void aCompletionKeptAsideWhileTheWebhookSecretWasMissingIsReplayedAfterTheFixAndTheOrderIsActivated() {
        String[] order = checkout(stack.backend(), stack.base());
        String body = completedWithoutDelivery(order[0]);
        removeWebhookSecret();
        HttpResponse<String> kept;
        try {
            kept = post("order.updated", body);
            assertEquals(202, kept.statusCode(), kept.body());
            assertTrue(kept.body().contains("signature NOT verified"), kept.body());

            CliRun list = cli("quarantine", "list", "demo");
            assertEquals(0, list.status(), list.err());
            Listed entry = listed(list.out()).stream().filter(l -> !l.verified()).findFirst()
                    .orElseThrow(() -> new AssertionError("no unverified delivery listed:\n" + list.out()));
            assertEquals("order.updated", entry.topic());
            assertTrue(list.out().contains("the shop's webhook secret could not be read"), list.out());

            // Nobody has checked it against the shop yet: refused, and it stays.
            CliRun blind = cli("quarantine", "replay", "demo", entry.key());
            assertEquals(1, blind.status());
            assertTrue(blind.err().contains("never verified"), blind.err());
            assertTrue(keys().contains(entry.key()));
        } finally {
            restoreWebhookSecret();
        }
        String key = listed(cli("quarantine", "list", "demo").out()).stream().filter(l -> !l.verified()).findFirst()
                .orElseThrow().key();

        CliRun replay = cli("quarantine", "replay", "demo", key, "--trust-unverified");

        assertEquals(0, replay.status(), replay.out() + replay.err());
        assertEquals("replayed " + key + ": accepted; removed from the quarantine", replay.out().strip());
        assertFalse(keys().contains(key));
        String expected = "Billmate reservation was successfully activated. Activation number: " + order[1] + ".";
        await(() -> stack.backend().shop().notes(order[0], OrderNote.Origin.REST_API).stream().anyMatch(n -> NoteDelivery.withoutReference(n.note()).equals(expected)),
                "the activation note in the shop");
        assertEquals(PaymentState.ACTIVATED, BillmateProvider.state(stack.backend().sandbox().payment(order[1]).orElseThrow().status()));
        CliRun orders = cli("orders", "demo", order[0]);
        assertEquals(0, orders.status(), orders.err());
        assertTrue(orders.out().contains("reservation activated, payment " + order[1]), orders.out());
        assertTrue(orders.out().contains(expected), orders.out());
        long total = stack.backend().sandbox().payment(order[1]).orElseThrow().totalWithTax();
        String captured = io.orderhook.processing.NoteText.money(total, null);
        assertTrue(orders.out().contains("payment status complete (final): captured " + captured + ", refunded 0.00"),
                orders.out());
        assertTrue(orders.out().contains("capture " + captured + " SEK -> done, reference " + order[1]), orders.out());
    }

    @Test
    void aDeliveryWithAnUnknownTopicIsListedAndReplayingItWithoutAFixKeepsItAndSaysWhy() {
        String body = "{\"id\":987654,\"status\":\"completed\",\"date_modified_gmt\":\"2024-05-02T10:15:30\"}";
        HttpResponse<String> kept = post("order.refunded", body);
        assertEquals(202, kept.statusCode(), kept.body());
        Listed entry = listed(cli("quarantine", "list", "demo").out()).stream()
                .filter(l -> l.topic().equals("order.refunded")).findFirst().orElseThrow();
        assertTrue(entry.verified(), "the signature was checked before the topic");

        CliRun replay = cli("quarantine", "replay", "demo", entry.key());

        assertEquals(1, replay.status());
        assertEquals("replayed " + entry.key() + ": quarantined (unknown topic 'order.refunded'); it stays in the quarantine",
                replay.out().strip());
        List<Listed> after = listed(cli("quarantine", "list", "demo").out());
        assertEquals(1, after.stream().filter(l -> l.topic().equals("order.refunded")).count(),
                "the replay's own copy is not kept: " + after);
        assertTrue(keys().contains(entry.key()));
        CliRun orders = cli("orders", "demo", "987654");
        assertEquals(1, orders.status());
        assertTrue(orders.err().contains("orderhook has recorded nothing for order 987654"), orders.err());
    }

    @Test
    void aBodyThatIsNoOrderIsListedWithItsReason() {
        HttpResponse<String> kept = post("order.updated", "{\"id\":\"not a number\"}");
        assertEquals(202, kept.statusCode(), kept.body());

        CliRun list = cli("quarantine", "list", "demo");

        assertEquals(0, list.status());
        String reason = readTree(kept.body()).get("reason").asText();
        assertTrue(list.out().contains("      " + reason), list.out());
    }

    @Test
    void listAndReplayOfAShopThatDoesNotExistSayWhich() {
        CliRun list = cli("quarantine", "list", "nosuchshop");
        CliRun replay = cli("quarantine", "replay", "nosuchshop", "2024-01-01T00:00:00Z#-");

        assertEquals(1, list.status());
        assertTrue(list.err().contains("no shop 'nosuchshop' is configured"), list.err());
        assertEquals("", list.out());
        assertEquals(1, replay.status());
        assertTrue(replay.err().contains("no shop 'nosuchshop' is configured"), replay.err());
    }

    // ---------------------------------------------------------------- helpers

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", stack.base().toString()));
        return LocalStackSteps.orderhook(all.toArray(String[]::new));
    }

    private static List<Listed> listed(String output) {
        List<Listed> found = new ArrayList<>();
        Matcher m = LISTED.matcher(output);
        while (m.find()) {
            found.add(new Listed(m.group(1), m.group(2), m.group(4) == null));
        }
        return found;
    }

    private List<String> keys() {
        return listed(cli("quarantine", "list", "demo").out()).stream().map(Listed::key).toList();
    }

    /** A signed delivery as WooCommerce posts it (the demo shop's real secret), sent over HTTP as curl would. */
    private HttpResponse<String> post(String topic, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.base() + "/webhooks/woocommerce/demo"))
                    .header("content-type", "application/json")
                    .header("x-wc-webhook-topic", topic)
                    .header("x-wc-webhook-delivery-id", Integer.toHexString(body.hashCode()))
                    .header("x-wc-webhook-signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                            LocalShops.DEMO_WEBHOOK_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The merchant completes the order; the shop's own delivery of it is lost, its body is returned. */
    private static String completedWithoutDelivery(String orderId) {
        stack.backend().shop().pauseDeliveries();
        try {
            stack.backend().shop().setStatus(orderId, "completed");
            return Json.write(stack.backend().shop().order(orderId));
        } finally {
            stack.backend().shop().dropNextDeliveries(1);
            stack.backend().shop().resumeDeliveries();
        }
    }

    private static void removeWebhookSecret() {
        Properties secrets = readSecrets();
        secrets.remove(SECRET_REF);
        writeSecrets(secrets);
        // The local stack caches secrets for one second.
        sleep(1100);
    }

    private static void restoreWebhookSecret() {
        Properties secrets = readSecrets();
        secrets.setProperty(SECRET_REF, LocalShops.DEMO_WEBHOOK_SECRET);
        writeSecrets(secrets);
        sleep(1100);
    }

    private static Properties readSecrets() {
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(stack.backend().secretsFile())) {
            secrets.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }

    private static void writeSecrets(Properties secrets) {
        try (Writer out = Files.newBufferedWriter(stack.backend().secretsFile())) {
            secrets.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
