package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.orderhook.local.LocalStackSteps.CliRun;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.RestCall;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.testkit.woocommerce.ShopWebhook;

/**
 * {@code orderhook connect} against a WooCommerce shop simulator on plain http (its own port, a
 * shop orderhook has never seen), through the running local stack: real HTTP everywhere,
 * DynamoDB Local, the Billmate sandbox.
 */
class ConnectTest {
    private static final String SHOP = "plainshop";
    private static final String KEY = "ck_3c1f0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
    private static final String SECRET = "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d";
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));
    private static ShopSimulator shop;

    @BeforeAll
    static void start() {
        shop = ShopSimulator.builder().restKey(KEY, SECRET).swedishVat().build().start();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    private static CliRun cli(String... args) {
        return LocalStackSteps.orderhook(args);
    }

    private static CliRun connect() {
        return cli("connect", SHOP, "--url", shop.shopUrl().toString(), "--key", KEY, "--secret", SECRET,
                "--billmate-id", LocalShops.DEMO_BILLMATE_ID, "--billmate-secret", LocalShops.DEMO_BILLMATE_SECRET,
                "--billmate-endpoint", stack.base() + LocalBackend.BILLMATE_PATH + "/", "--stack", stack.base().toString());
    }

    private static Properties secretsFile() throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(stack.backend().secretsFile())) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void connectCreatesWorkingWebhooksASecondConnectChangesNothingAndDisconnectRemovesThem() throws Exception {
        // 1. Connect: the shop's four order webhooks point at the local receiver with a fresh secret.
        CliRun first = connect();
        assertEquals(0, first.status(), first.out() + first.err());
        URI deliveryUrl = URI.create(stack.base() + "/webhooks/woocommerce/" + SHOP);
        List<ShopWebhook> webhooks = shop.webhooks();
        assertEquals(Set.of("order.created", "order.updated", "order.deleted", "order.restored"),
                webhooks.stream().map(ShopWebhook::topic).collect(Collectors.toSet()));
        String webhookSecret = secretsFile().getProperty("orderhook/shops/" + SHOP + "#webhookSecret");
        assertTrue(webhookSecret != null && webhookSecret.length() >= 43, "a fresh 256-bit secret in the secrets file");
        for (ShopWebhook webhook : webhooks) {
            assertEquals(deliveryUrl, webhook.deliveryUrl());
            assertEquals("active", webhook.status());
            assertEquals("wp_api_v3", webhook.apiVersion());
            assertEquals(webhookSecret, webhook.secret(), "each webhook signs with the secret orderhook verifies");
            assertFalse(webhook.pendingDelivery(), "WooCommerce's ping on creation was answered 200");
        }
        assertEquals(KEY, secretsFile().getProperty("orderhook/shops/" + SHOP + "#restKey"));
        ShopConfig config = new ShopConfigStore(stack.backend().dynamo(), LocalBackend.TABLE).read(SHOP).orElseThrow();
        assertEquals(RestAuth.AUTO, config.restAuth());
        assertTrue(first.out().contains("the key reads (oauth1 over http)"), first.out());
        assertTrue(first.out().contains("ping: " + deliveryUrl + " answered 200"), first.out());
        assertTrue(first.out().contains("left to do by hand:"), first.out());
        assertFalse(first.out().contains(SECRET) || first.out().contains(webhookSecret), "no secret is printed");

        // 2. An order the merchant completes afterwards is activated at Billmate and noted in the shop.
        String[] order = LocalStackSteps.checkout(stack.backend(), stack.base(), shop);
        shop.setStatus(order[0], "completed");
        String expected = "Billmate reservation was successfully activated. Activation number: " + order[1] + ".";
        await(() -> shop.notes(order[0], OrderNote.Origin.REST_API).stream()
                .anyMatch(n -> NoteDelivery.withoutReference(n.note()).equals(expected)), "the activation note in the shop");
        assertEquals(PaymentState.ACTIVATED, BillmateProvider.state(stack.backend().sandbox().payment(order[1]).orElseThrow().status()));

        // 3. A second connect changes nothing: webhooks, secrets file and configuration stay as they are.
        byte[] secretsBefore = Files.readAllBytes(stack.backend().secretsFile());
        long versionBefore = new ShopConfigStore(stack.backend().dynamo(), LocalBackend.TABLE).read(SHOP).orElseThrow().version();
        List<ShopWebhook> webhooksBefore = shop.webhooks();
        shop.clearRestCalls();

        CliRun second = connect();

        assertEquals(0, second.status(), second.out() + second.err());
        assertTrue(second.out().contains("nothing changed"), second.out());
        assertEquals(webhooksBefore, shop.webhooks());
        assertEquals(new String(secretsBefore, StandardCharsets.UTF_8), Files.readString(stack.backend().secretsFile()));
        assertEquals(versionBefore, new ShopConfigStore(stack.backend().dynamo(), LocalBackend.TABLE).read(SHOP).orElseThrow().version());
        List<RestCall> writes = shop.restCalls().stream().filter(c -> !c.method().equals("GET")).toList();
        assertEquals(1, writes.size(), "only the write check, which changes nothing: " + writes);
        assertEquals("/webhooks/0", writes.get(0).path());
        assertEquals(400, writes.get(0).status());

        // 4. A webhook the merchant paused is repaired by the next connect.
        ShopWebhook updated = webhooksBefore.stream().filter(w -> w.topic().equals("order.updated")).findFirst().orElseThrow();
        shop.setWebhookStatus(updated.id(), "paused");
        CliRun repair = connect();
        assertTrue(repair.out().contains("repaired webhook #" + updated.id() + " order.updated: status (was paused)"), repair.out());
        assertEquals("active", shop.webhooks().stream().filter(w -> w.id() == updated.id()).findFirst().orElseThrow().status());

        // 5. Disconnect removes them, and the shop's changes no longer reach orderhook.
        CliRun disconnect = cli("disconnect", SHOP, "--stack", stack.base().toString());

        assertEquals(0, disconnect.status(), disconnect.out() + disconnect.err());
        assertEquals(List.of(), shop.webhooks());
        int delivered = shop.deliveries().size();
        shop.setStatus(order[0], "processing");
        shop.awaitDeliveries(Duration.ofSeconds(5));
        assertEquals(delivered, shop.deliveries().size());
        CliRun again = cli("disconnect", SHOP, "--stack", stack.base().toString());
        assertEquals(0, again.status());
        assertTrue(again.out().contains("the shop has no webhooks to orderhook"), again.out());
    }

    @Test
    void connectRefusesAKeyTheShopDoesNotAcceptAndNamesTheLikelyCause() {
        CliRun wrong = cli("connect", "wrongkey", "--url", shop.shopUrl().toString(), "--key", KEY, "--secret", "cs_wrong",
                "--billmate-id", "1234", "--billmate-secret", "x", "--stack", stack.base().toString());
        CliRun basic = cli("connect", "basicshop", "--url", shop.shopUrl().toString(), "--key", KEY, "--secret", SECRET,
                "--auth", "basic", "--billmate-id", "1234", "--billmate-secret", "x", "--stack", stack.base().toString());

        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("Invalid signature - provided signature does not match. Likely cause (keys or URL)"),
                wrong.err());
        assertEquals(1, basic.status());
        assertTrue(basic.err().contains("woocommerce_rest_cannot_view") && basic.err().contains("Likely cause (transport)"),
                basic.err());
        assertTrue(new ShopConfigStore(stack.backend().dynamo(), LocalBackend.TABLE).read("basicshop").isEmpty(),
                "nothing is stored for a shop that refused the key");
    }

    @Test
    void aNewShopWithoutItsBillmateAccountIsABadRequestNamingWhatIsMissing() {
        CliRun run = cli("connect", "nobillmate", "--url", shop.shopUrl().toString(), "--key", KEY, "--secret", SECRET,
                "--stack", stack.base().toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains("not configured in orderhook yet: give its Billmate account"), run.err());
    }
}
