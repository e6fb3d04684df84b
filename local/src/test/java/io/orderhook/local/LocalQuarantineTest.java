package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static io.orderhook.local.LocalStackSteps.checkout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import io.orderhook.testkit.woocommerce.OrderNote;

/**
 * {@code orderhook quarantine list} and {@code replay} end to end: signed deliveries posted over
 * HTTP to a running local stack, kept aside by the receiver, listed and replayed with the CLI,
 * and the outcome seen in the shop, at the sandbox and through {@code orderhook orders}.
 */
class LocalQuarantineTest {
    /** One line of {@code quarantine list}: key, topic, size and whether the signature was checked. */
    private static final Pattern LISTED = Pattern.compile("(?m)^  (\\S+)  topic (\\S+), (\\d+) bytes(, signature NOT verified)?$");

    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));

    private record Listed(String key, String topic, boolean verified) {}

    @Test
    void aCompletionKeptAsideWhileTheWebhookSecretWasMissingIsReplayedAfterTheFixAndTheOrderIsActivated() {
        String[] order = checkout(stack.backend(), stack.base());
        String body = QuarantineSteps.completedWithoutDelivery(stack.backend(), order[0]);
        QuarantineSteps.removeWebhookSecret(stack.backend());
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
            QuarantineSteps.restoreWebhookSecret(stack.backend());
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

    private HttpResponse<String> post(String topic, String body) {
        return QuarantineSteps.post(stack.base(), topic, body);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
