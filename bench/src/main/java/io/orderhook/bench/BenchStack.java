package io.orderhook.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.CloudWiring;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.InboxRecords;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.ShopCallListener;
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
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole backend in one JVM for the end-to-end benchmarks: the shop simulator delivers
 * signed webhooks over HTTP to the real receiver handler, which writes the inbox in DynamoDB
 * Local; the table's stream feeds the real {@link OrderProcessor} through the
 * {@link StreamPoller} (batch size 10 and the parallelization factor of template.yaml); the
 * processor calls the Billmate sandbox and writes back to the simulator over HTTP. The
 * receiver's and the processor's DynamoDB clients take interceptors (request counting).
 */
final class BenchStack implements AutoCloseable {
    static final String SHOP = "bench";
    private static final String WEBHOOK_SECRET = "bench-webhook-secret";
    private static final String REST_KEY = "ck_bench0123456789";
    private static final String REST_SECRET = "cs_bench0123456789";
    private static final String BILLMATE_ID = "1234";
    private static final String BILLMATE_SECRET = "1234567890123456";

    final DynamoDbLocal local;
    final String table;
    final DynamoDbClient receiverDynamo;
    final DynamoDbClient processorDynamo;
    final BillmateSandbox sandbox = BillmateSandbox.start().merchant(BILLMATE_ID, BILLMATE_SECRET);
    final io.orderhook.testkit.billmate.BillmateCheckout checkout =
            new io.orderhook.testkit.billmate.BillmateCheckout(sandbox.endpoint(), BILLMATE_ID, BILLMATE_SECRET);
    final ShopSimulator shop;
    final ShopConfigStore configs;
    final StreamPoller poller;
    final int parallelism;
    private final HttpServer receiverServer;
    private final ExecutorService receiverThreads = Executors.newFixedThreadPool(8);

    /**
     * @param captureStatus the shop's capture status ("completed", or e.g. a custom "shipped", registered in the shop)
     * @param parallelism   the poller's parallelization factor
     */
    BenchStack(DynamoDbLocal local, String captureStatus, int parallelism, ExecutionInterceptor receiverInterceptor,
            ExecutionInterceptor processorInterceptor) {
        this.local = local;
        this.parallelism = parallelism;
        this.table = local.newTable("bench");
        this.receiverDynamo = local.client(receiverInterceptor);
        this.processorDynamo = local.client(processorInterceptor);
        SecretResolver secrets = new EnvironmentSecretResolver(Map.of(
                EnvironmentSecretResolver.variableName(ref("webhook")), WEBHOOK_SECRET,
                EnvironmentSecretResolver.variableName(ref("restKey")), REST_KEY,
                EnvironmentSecretResolver.variableName(ref("restSecret")), REST_SECRET,
                EnvironmentSecretResolver.variableName(ref("billmate")), BILLMATE_SECRET));
        Clock clock = Clock.systemUTC();
        WebhookReceiverHandler receiver = new WebhookReceiverHandler(new WebhookIntake(
                new ShopConfigStore(receiverDynamo, table), secrets, new InboxStore(receiverDynamo, table),
                new QuarantineStore(receiverDynamo, table), clock, new IntakeLog(line -> { })));
        receiverServer = serve(receiver, receiverThreads);
        URI deliveryUrl = URI.create("http://127.0.0.1:" + receiverServer.getAddress().getPort() + "/webhooks/woocommerce/" + SHOP);
        ShopSimulator.Builder shopBuilder = ShopSimulator.builder().restKey(REST_KEY, REST_SECRET)
                .webhooks(deliveryUrl, WEBHOOK_SECRET).swedishVat();
        if (!captureStatus.equals("completed")) {
            shopBuilder.status(captureStatus, Character.toUpperCase(captureStatus.charAt(0)) + captureStatus.substring(1));
        }
        shop = shopBuilder.build().start();
        ShopSettings defaults = ShopSettings.defaults();
        ShopSettings settings = new ShopSettings(defaults.orderManagementEnabled(), false, defaults.debugLogTtlDays(),
                defaults.paymentMethods(), captureStatus, defaults.failureStatus(), defaults.autoUpdate());
        configs = new ShopConfigStore(processorDynamo, table);
        new ShopConfigStore(local.client(), table).save(new ShopConfig(SHOP, shop.shopUrl().toString(), ref("webhook"),
                ref("restKey"), ref("restSecret"), new ShopConfig.ProviderAccount("billmate", BILLMATE_ID, ref("billmate"),
                sandbox.endpoint().toString(), true), settings, 1));

        CloudWiring.ResolvedConnections connections = new CloudWiring.ResolvedConnections(secrets,
                (config, key, secret) -> new WooCommerceRestClient(URI.create(config.shopUrl()), key, secret,
                        Duration.ofSeconds(3), Duration.ofSeconds(10), ShopCallListener.NONE));
        OrderProcessor processor = new OrderProcessor(configs::find, connections, new OrderStateStore(processorDynamo, table),
                new NoteStore(processorDynamo, table), new DebugLogStore(processorDynamo, table), clock,
                new EventLog(line -> { }));
        poller = StreamPoller.forTable(local.client(), local.streamsClient(), table,
                        event -> StreamsEventResponse.builder().withBatchItemFailures(
                                processor.process(InboxRecords.from(event), () -> Long.MAX_VALUE).stream()
                                        .map(n -> StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(n).build())
                                        .toList()).build())
                .batchSize(10).parallelism(parallelism).maxRetries(10).retryDelay(Duration.ofMillis(20))
                .pollInterval(Duration.ofMillis(10)).start();
    }

    private static String ref(String name) {
        return "orderhook/shops/" + SHOP + "#" + name;
    }

    /** A customer checks out: pending order, reservation at the sandbox, processing with the payment number. */
    String[] checkout() {
        String orderId = shop.createOrder(NewOrder.paidWith("bco").status("pending")
                .product("MUG", "Mug", 2, "100.00").product("CUP", "Cup", 1, "80.00")
                .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com"));
        String number = checkout.pay(shop.order(orderId), io.orderhook.testkit.billmate.BillmateCheckout.INVOICE);
        shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}");
        return new String[] {orderId, number};
    }

    /** Waits until every delivery is made and processed, and the write-backs' echoes too. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            shop.awaitDeliveries(Duration.ofMinutes(5));
            if (!poller.awaitIdle(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the processor did not become idle");
            }
        }
    }

    boolean activated(String number) {
        return sandbox.payment(number).orElseThrow().captured();
    }

    /** Waits until all these payments are activated. */
    void awaitActivated(List<String[]> orders, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int checked = 0;
        while (checked < orders.size()) {
            if (activated(orders.get(checked)[1])) {
                checked++;
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + checked + " of " + orders.size() + " payments activated in time");
            } else {
                Thread.sleep(2);
            }
        }
    }

    private static HttpServer serve(WebhookReceiverHandler handler, ExecutorService threads) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
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
            server.setExecutor(threads);
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
        receiverThreads.shutdownNow();
        sandbox.close();
    }
}
