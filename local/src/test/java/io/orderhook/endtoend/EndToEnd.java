package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.intake.IntakeLog;
import io.orderhook.local.LocalBackend;
import io.orderhook.local.LocalOptions;
import io.orderhook.local.LocalShops;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.processing.Crash;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.NoteText;
import io.orderhook.processing.RequestCounter;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.testkit.woocommerce.TaxRateSpec;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole backend as a merchant meets it, on the one in-JVM stack ({@link LocalBackend}): the
 * shop simulator delivers signed webhooks over HTTP to the real receiver handler, the receiver
 * writes the inbox, the table's stream feeds the real processor handler through the
 * {@link io.orderhook.local.StreamPoller}, and the processor talks to the Billmate sandbox and
 * back to the simulator's REST API over HTTP. The processor's DynamoDB client counts its requests
 * and can be made to crash; the clock can be moved; the outbox runs when a test says so.
 */
final class EndToEnd implements AutoCloseable {
    static final String SHOP = LocalShops.DEMO;
    static final String WEBHOOK_SECRET = LocalShops.DEMO_WEBHOOK_SECRET;
    static final String REST_KEY = LocalShops.DEMO_REST_KEY;
    static final String REST_SECRET = LocalShops.DEMO_REST_SECRET;
    static final String BILLMATE_ID = LocalShops.DEMO_BILLMATE_ID;
    static final String BILLMATE_SECRET = LocalShops.DEMO_BILLMATE_SECRET;
    static final ObjectMapper JSON = new ObjectMapper();

    final RequestCounter requests = new RequestCounter();
    final Crash crash = new Crash();
    /** Makes the receiver's inbox writes fail (its answer is then 503). */
    final InboxWriteFault inboxFault = new InboxWriteFault();
    final TestClock clock = TestClock.followingSystem();
    /** The shop server's clock, which a test can put off (a shop server with a wrong time). */
    final TestClock shopClock = TestClock.followingSystem();
    final List<String> processorLog = new CopyOnWriteArrayList<>();
    final List<String> intakeLog = new CopyOnWriteArrayList<>();
    final LocalBackend backend;
    final BillmateSandbox sandbox;
    /** The customer's side of Billmate: the shop's checkout, which reserves (or takes) the payment. */
    final BillmateCheckout checkout;
    final ShopSimulator shop;
    final DynamoDbClient dynamo;
    final String table = LocalBackend.TABLE;
    final OrderStateStore states;
    final NoteStore notes;
    final DebugLogStore logs;

    EndToEnd() {
        this(b -> b.swedishVat());
    }

    /**
     * The shop of the real WooCommerce orders in the reference fixtures: 25 % (rate 1, shipping
     * too), 12 % (rate 2, class reduced-rate) and 6 % (rate 3, class zero-rate).
     */
    static EndToEnd realShop(UnaryOperator<ShopSimulator.Builder> more) {
        return new EndToEnd(b -> more.apply(b
                .taxRate(TaxRateSpec.of(1, "SE", "Moms", "25", ""))
                .taxRate(TaxRateSpec.of(2, "SE", "Moms 12", "12", "reduced-rate"))
                .taxRate(TaxRateSpec.of(3, "SE", "Moms 6", "6", "zero-rate"))));
    }

    /** @param taxes the shop's tax settings (rates, prices with or without tax, rounding) */
    EndToEnd(UnaryOperator<ShopSimulator.Builder> taxes) {
        backend = LocalBackend.start(LocalOptions.forTests()
                .outboxInterval(null)
                .clock(clock)
                .processorInterceptors(requests, crash)
                .intakeInterceptors(inboxFault)
                .events(new EventLog(processorLog::add))
                .intakeLog(new IntakeLog(intakeLog::add))
                .shop(b -> taxes.apply(b).status("shipped", "Shipped").clock(shopClock))
                .poller(p -> p.parallelism(2).maxRetries(5).retryDelay(Duration.ofMillis(50)))
                .restClients((config, key, secret) -> WooCommerceRestClient.builder(URI.create(config.shopUrl()), key, secret)
                        .auth(config.restAuth()).timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)).build()));
        sandbox = backend.sandbox();
        shop = backend.shop();
        checkout = new BillmateCheckout(backend.billmateEndpoint(), BILLMATE_ID, BILLMATE_SECRET);
        dynamo = backend.dynamo();
        states = backend.wiring().states();
        notes = backend.wiring().notes();
        logs = backend.wiring().logs();
    }

    /** Where the shop delivers its webhooks: the receiver's route. */
    URI webhookUrl() {
        return URI.create(backend.baseUrl() + LocalBackend.WEBHOOK_PATH + SHOP);
    }

    /** Replaces the shop's settings as the admin does (every handler's cached configuration follows at once). */
    void settings(ShopSettings settings) {
        ShopConfigStore configs = backend.shopConfigs();
        ShopConfig current = configs.read(SHOP).orElseThrow();
        configs.updateSettings(SHOP, current.version(), settings);
    }

    /** Changes the shop's settings as the admin does. */
    void settings(boolean debugLog, String captureStatus) {
        settings(backend.shopConfigs().read(SHOP).orElseThrow().settings().withDebugLog(debugLog)
                .withCaptureStatus(captureStatus));
    }

    /**
     * A customer checks out with Billmate: the order is created pending, the payment is reserved
     * at the sandbox for the order's cart, and the shop sets it to processing with the payment's
     * number as its transaction id. Answers {order id, payment number}.
     */
    String[] checkout(long mugs) {
        String[] order = placeOrder(mugs);
        settle();
        return order;
    }

    /** {@link #checkout} paid with Billmate's payment method {@code method} (1 invoice, 8 card, 16 bank...). */
    String[] checkout(long mugs, int method) {
        String[] order = placeOrder(mugs, method, PaymentNumberField.TRANSACTION_ID);
        settle();
        return order;
    }

    /** {@link #checkout} without waiting for orderhook to handle the deliveries. */
    String[] placeOrder(long mugs) {
        return placeOrder(mugs, 1, PaymentNumberField.TRANSACTION_ID);
    }

    /** Where the shop's payment plugin stores the payment number. */
    enum PaymentNumberField { TRANSACTION_ID, BILLMATE_CHECKOUT_META, NONE }

    String[] placeOrder(long mugs, int method, PaymentNumberField field) {
        String orderId = shop.createOrder(NewOrder.paidWith("bco").status("pending")
                .product("MUG", "Mug", mugs, "100.00").product("CUP", "Cup", 1, "80.00")
                .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com")
                .billing("first_name", "Anna").billing("last_name", "Andersson").billing("country", "SE"));
        String number = reserve(orderId, method);
        String change = switch (field) {
            case TRANSACTION_ID -> "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}";
            case BILLMATE_CHECKOUT_META -> "{\"status\":\"processing\",\"meta_data\":[{\"key\":\"_billmate_transaction_id\","
                    + "\"value\":\"" + number + "\"}]}";
            case NONE -> "{\"status\":\"processing\"}";
        };
        shop.updateOrder(orderId, change);
        return new String[] {orderId, number};
    }

    /**
     * A customer's checkout of {@code order} paid with Billmate's invoice: placed pending, the
     * payment reserved for the order's cart, then processing with the payment's number.
     */
    String[] checkout(NewOrder order) {
        String orderId = shop.createOrder(order.status("pending").billing("email", "anna.andersson@example.com")
                .billing("country", "SE"));
        String number = reserve(orderId, 1);
        shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}");
        settle();
        return new String[] {orderId, number};
    }

    /** The customer's payment at the sandbox for the order as it stands. */
    String reserve(String orderId, int method) {
        return checkout.pay(shop.order(orderId), method);
    }

    /** Waits until the shop has delivered everything and the processor has handled it, twice over
     *  (orderhook's own write-backs make the shop deliver again). */
    /** The merchant changes the quantity of the order's row with this SKU and saves ({@code order.updated}). */
    void editQuantity(String orderId, String sku, long quantity) {
        shop.editOrder(orderId, edit -> edit.setQuantity(shop.lineId(orderId, sku), quantity));
    }

    /** The merchant puts the order on hold (orderhook sees it), then changes a row's quantity and saves. */
    void holdAndEdit(String orderId, String sku, long quantity) {
        shop.setStatus(orderId, "on-hold");
        settle();
        editQuantity(orderId, sku, quantity);
    }

    void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofSeconds(20));
            if (!backend.poller().awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("the processor did not become idle");
            }
        }
    }

    /** The notes orderhook wrote to the shop, oldest first, as the merchant reads them (without the reference). */
    /** The order's payment ledger as orderhook stored it. */
    List<io.orderhook.ledger.LedgerEntry> ledger(String orderId) {
        return backend.wiring().ledger().forOrder(SHOP, orderId);
    }

    List<String> notesFromOrderhook(String orderId) {
        return shop.notes(orderId, OrderNote.Origin.REST_API).stream().map(n -> NoteDelivery.withoutReference(n.note())).toList();
    }

    String paymentStatus(String number) {
        return sandbox.payment(number).orElseThrow().status();
    }

    boolean activated(String number) {
        BillmateSandbox.Payment payment = sandbox.payment(number).orElseThrow();
        return payment.captured() && !"Credited".equals(payment.status());
    }

    /** Lets the outbox run as if {@code later} had passed. */
    OutboxDispatcher.Summary outboxAfter(Duration later) {
        clock.advance(later);
        return backend.outbox().dispatch(100);
    }

    Set<String> secrets() {
        return Set.of(WEBHOOK_SECRET, REST_KEY, REST_SECRET, BILLMATE_SECRET,
                Base64.getEncoder().encodeToString((REST_KEY + ":" + REST_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The payment status three ways, which must agree: the admin order view (what the console and
     * {@code orderhook orders} show, read over HTTP from the running stack) and the order meta
     * orderhook wrote to the shop. Answers the admin view's status.
     */
    String paymentStatusAgrees(String orderId) {
        JsonNode view;
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(backend.baseUrl() + "/admin/shops/" + SHOP + "/orders/" + orderId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            view = JSON.readTree(answer.body()).path("paymentStatus");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> meta = shop.meta(orderId);
        String where = "admin view " + view + ", shop meta " + meta;
        assertEquals(view.path("status").asText(), meta.get("_orderhook_payment_status"), where);
        assertEquals(NoteText.money(view.path("captured").asLong(), null), meta.get("_orderhook_captured"), where);
        assertEquals(NoteText.money(view.path("refunded").asLong(), null), meta.get("_orderhook_refunded"), where);
        return view.path("status").asText();
    }

    @Override
    public void close() {
        backend.close();
    }
}
