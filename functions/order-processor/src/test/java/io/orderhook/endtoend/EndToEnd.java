package io.orderhook.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.processing.CloudWiring;
import io.orderhook.processing.Crash;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.RequestCounter;
import io.orderhook.processor.OrderProcessorHandler;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.StreamPoller;
import io.orderhook.testkit.billmate.BillmateCheckout;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole backend as a merchant meets it: the shop simulator delivers signed webhooks over
 * HTTP to the real receiver handler, the receiver writes the inbox, the table's stream feeds
 * the real processor handler through the {@link StreamPoller}, and the processor talks to the
 * Billmate sandbox and back to the simulator's REST API over HTTP.
 */
final class EndToEnd implements AutoCloseable {
    static final String SHOP = "demo";
    static final String WEBHOOK_SECRET = "demo-webhook-secret";
    static final String REST_KEY = "ck_demo0123456789";
    static final String REST_SECRET = "cs_demo0123456789";
    static final String BILLMATE_ID = "1234";
    static final String BILLMATE_SECRET = "1234567890123456";
    static final ObjectMapper JSON = new ObjectMapper();

    final DynamoDbLocal local = DynamoDbLocal.shared();
    final String table = local.newTable("e2e");
    final RequestCounter requests = new RequestCounter();
    final Crash crash = new Crash();
    /** The processor's own client: its requests are counted, and it can be made to fail. */
    final DynamoDbClient processorDynamo = local.client(requests, crash);
    final DynamoDbClient dynamo = local.client();
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    /** How far the shop's clock is off (a shop server with a wrong time). */
    final AtomicReference<Duration> shopClockOffset = new AtomicReference<>(Duration.ZERO);
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    };
    final List<String> processorLog = new CopyOnWriteArrayList<>();
    final List<String> intakeLog = new CopyOnWriteArrayList<>();
    final BillmateSandbox sandbox = BillmateSandbox.start().merchant(BILLMATE_ID, BILLMATE_SECRET);
    /** The customer's side of Billmate: the shop's checkout, which reserves (or takes) the payment. */
    final BillmateCheckout checkout = new BillmateCheckout(sandbox.endpoint(), BILLMATE_ID, BILLMATE_SECRET);
    final HttpServer receiverServer;
    final ShopSimulator shop;
    final ShopConfigStore processorConfigs = new ShopConfigStore(processorDynamo, table);
    final OrderStateStore states = new OrderStateStore(dynamo, table);
    final NoteStore notes = new NoteStore(dynamo, table);
    final DebugLogStore logs = new DebugLogStore(dynamo, table);
    final OutboxDispatcher outbox;
    final StreamPoller poller;

    EndToEnd() {
        this(b -> b.swedishVat());
    }

    /**
     * The shop of the real WooCommerce orders in the reference fixtures: 25 % (rate 1, shipping
     * too), 12 % (rate 2, class reduced-rate) and 6 % (rate 3, class zero-rate).
     */
    static EndToEnd realShop(java.util.function.UnaryOperator<ShopSimulator.Builder> more) {
        return new EndToEnd(b -> more.apply(b
                .taxRate(io.orderhook.testkit.woocommerce.TaxRateSpec.of(1, "SE", "Moms", "25", ""))
                .taxRate(io.orderhook.testkit.woocommerce.TaxRateSpec.of(2, "SE", "Moms 12", "12", "reduced-rate"))
                .taxRate(io.orderhook.testkit.woocommerce.TaxRateSpec.of(3, "SE", "Moms 6", "6", "zero-rate"))));
    }

    /** @param taxes the shop's tax settings (rates, prices with or without tax, rounding) */
    EndToEnd(java.util.function.UnaryOperator<ShopSimulator.Builder> taxes) {
        SecretResolver secrets = new EnvironmentSecretResolver(Map.of(
                EnvironmentSecretResolver.variableName(ref("webhook")), WEBHOOK_SECRET,
                EnvironmentSecretResolver.variableName(ref("restKey")), REST_KEY,
                EnvironmentSecretResolver.variableName(ref("restSecret")), REST_SECRET,
                EnvironmentSecretResolver.variableName(ref("billmate")), BILLMATE_SECRET));
        ShopConfigStore receiverConfigs = new ShopConfigStore(dynamo, table, clock, Duration.ZERO);
        WebhookReceiverHandler receiver = new WebhookReceiverHandler(new WebhookIntake(receiverConfigs, secrets,
                new InboxStore(dynamo, table), new QuarantineStore(dynamo, table), clock, new IntakeLog(intakeLog::add)));
        receiverServer = serve(receiver);
        URI deliveryUrl = URI.create("http://127.0.0.1:" + receiverServer.getAddress().getPort() + "/webhooks/woocommerce/" + SHOP);
        Clock shopClock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.now().plus(shopClockOffset.get()); }
        };
        shop = taxes.apply(ShopSimulator.builder().restKey(REST_KEY, REST_SECRET).webhooks(deliveryUrl, WEBHOOK_SECRET))
                .status("shipped", "Shipped").clock(shopClock).build().start();
        receiverConfigs.save(config(ShopSettings.defaults(), 1));

        CloudWiring.ResolvedConnections connections = new CloudWiring.ResolvedConnections(secrets,
                (config, key, secret) -> new WooCommerceRestClient(URI.create(config.shopUrl()), key, secret,
                        Duration.ofSeconds(2), Duration.ofSeconds(3), io.orderhook.shop.ShopCallListener.NONE));
        OrderProcessor processor = new OrderProcessor(processorConfigs::find, connections,
                new OrderStateStore(processorDynamo, table), new NoteStore(processorDynamo, table),
                new DebugLogStore(processorDynamo, table), clock, new EventLog(processorLog::add));
        OrderProcessorHandler handler = new OrderProcessorHandler(processor);
        outbox = new OutboxDispatcher(processorConfigs::find, connections, notes, clock, new EventLog(processorLog::add));
        poller = StreamPoller.forTable(dynamo, local.streamsClient(), table, event -> handler.handleRequest(event, null))
                .parallelism(2).maxRetries(5).retryDelay(Duration.ofMillis(50)).start();
    }

    static String ref(String name) {
        return "orderhook/shops/" + SHOP + "#" + name;
    }

    ShopConfig config(ShopSettings settings, long version) {
        return new ShopConfig(SHOP, shop.shopUrl().toString(), ref("webhook"), ref("restKey"), ref("restSecret"),
                new ShopConfig.ProviderAccount("billmate", BILLMATE_ID, ref("billmate"), sandbox.endpoint().toString(), true),
                settings, version);
    }

    /** Replaces the shop's settings as the admin does. */
    void settings(ShopSettings settings) {
        ShopConfig current = processorConfigs.read(SHOP).orElseThrow();
        processorConfigs.updateSettings(SHOP, current.version(), settings);
    }

    /** Changes the shop's settings as the admin does (the processor's cached configuration follows). */
    void settings(boolean debugLog, String captureStatus) {
        ShopConfig current = processorConfigs.read(SHOP).orElseThrow();
        ShopSettings s = current.settings();
        processorConfigs.updateSettings(SHOP, current.version(), s.withDebugLog(debugLog).withCaptureStatus(captureStatus));
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
    void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofSeconds(20));
            if (!poller.awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("the processor did not become idle");
            }
        }
    }

    /** The notes orderhook wrote to the shop, oldest first, as the merchant reads them (without the reference). */
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
        offset.set(offset.get().plus(later));
        return outbox.dispatch(100);
    }

    Set<String> secrets() {
        return Set.of(WEBHOOK_SECRET, REST_KEY, REST_SECRET, BILLMATE_SECRET,
                Base64.getEncoder().encodeToString((REST_KEY + ":" + REST_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpServer serve(WebhookReceiverHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/webhooks/woocommerce/", exchange -> {
                try (exchange) {
                    APIGatewayV2HTTPResponse response = handler.handleRequest(event(exchange), null);
                    byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the receiver's HTTP server", e);
        }
    }

    /** The API Gateway v2 event AWS would pass for this request. */
    private static APIGatewayV2HTTPEvent event(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /webhooks/woocommerce/{shopId}");
        event.setRawPath(path);
        event.setPathParameters(Map.of("shopId", path.substring("/webhooks/woocommerce/".length())));
        event.setHeaders(headers);
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    @Override
    public void close() {
        poller.close();
        shop.close();
        receiverServer.stop(0);
        sandbox.close();
    }
}
