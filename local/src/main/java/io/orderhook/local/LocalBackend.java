package io.orderhook.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.orderhook.admin.AdminApi;
import io.orderhook.admin.AdminApiHandler;
import io.orderhook.connect.ShopConnector;
import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.json.Json;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.outbox.OutboxDispatcherHandler;
import io.orderhook.processing.CloudWiring;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processor.OrderProcessorHandler;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.secrets.SecretStore;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.StreamPoller;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole backend on one machine: DynamoDB Local in this JVM, and one HTTP server serving the
 * webhook route through the real receiver handler, the admin routes through the real admin
 * handler, the Billmate sandbox and the shop simulator's REST API. A {@link StreamPoller} feeds
 * the table's stream to the real processor handler as the event source mapping of template.yaml
 * would (batches of 10, one order's records in order, four orders at once, partial batch
 * failures, ten retries with bisection), and the outbox dispatcher runs on a timer.
 */
public final class LocalBackend implements AutoCloseable {
    public static final String TABLE = "orderhook";
    public static final String WEBHOOK_PATH = "/webhooks/woocommerce/";
    public static final String ADMIN_PATH = "/admin/";
    public static final String BILLMATE_PATH = "/sandbox/billmate";
    public static final String WOOCOMMERCE_PATH = "/sandbox/woocommerce";
    /** Where the CLI finds the running stack's DynamoDB endpoint and secrets (loopback only). */
    public static final String INFO_PATH = "/local/info";
    /**
     * In AWS each container caches a shop's configuration for a minute. Locally every handler
     * shares one store, whose writes refresh its cache at once, and a one-second TTL makes
     * changes from other processes ({@code orderhook invoke}) count by the next webhook too.
     */
    static final Duration CONFIG_CACHE_TTL = Duration.ofSeconds(1);

    /**
     * @param host           the address to listen on (127.0.0.1 unless you need the shop to reach you)
     * @param port           0 for any free port
     * @param data           where DynamoDB Local and the secrets file live between runs; null keeps everything in memory
     * @param shopConfigs    --shop-config files with real shops
     * @param outboxInterval how often the outbox dispatcher runs (AWS: every two minutes)
     */
    public record Options(String host, int port, Path data, List<Path> shopConfigs, Duration outboxInterval) {
        public static Options defaults() {
            return new Options("127.0.0.1", 3000, null, List.of(), Duration.ofSeconds(10));
        }

        public Options port(int newPort) {
            return new Options(host, newPort, data, shopConfigs, outboxInterval);
        }
    }

    private final Options options;
    private final DynamoDbLocal dynamoLocal;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final com.sun.net.httpserver.HttpServer server;
    private final ExecutorService serverThreads;
    private final BillmateSandbox sandbox;
    private final ShopSimulator shop;
    private final ShopConfigStore shops;
    private final StreamPoller poller;
    private final ScheduledExecutorService outboxTimer;
    private final Path secretsFile;
    private final LocalRoutes routes;
    private final List<ShopConfig> configured = new ArrayList<>();

    private LocalBackend(Options options) throws IOException {
        this.options = options;
        InetAddress host = InetAddress.getByName(options.host());
        // DynamoDB Local answers anyone without checking credentials: it listens on the chosen host when
        // that is a loopback address and on loopback otherwise, never where another machine reaches it.
        this.dynamoLocal = DynamoDbLocal.start(options.data() == null ? null : options.data().resolve("dynamodb"),
                host.isLoopbackAddress() ? host : InetAddress.getLoopbackAddress(), 0);
        this.dynamo = dynamoLocal.client();
        this.streams = dynamoLocal.streamsClient();
        TableDefinition.create(dynamo, TABLE);

        server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(host, options.port()), 128);
        serverThreads = Executors.newFixedThreadPool(16, daemon("orderhook-http"));
        server.setExecutor(serverThreads);
        URI base = baseUrl();

        shops = new ShopConfigStore(dynamo, TABLE, Clock.systemUTC(), CONFIG_CACHE_TTL);
        List<LocalShops.Shop> all = new ArrayList<>();
        all.add(LocalShops.demo(base, ShopSettings.defaults(), 1));
        for (Path file : options.shopConfigs()) {
            all.addAll(LocalShops.fromFile(file));
        }
        secretsFile = options.data() != null ? options.data().resolve("secrets.properties")
                : Files.createTempDirectory("orderhook-local").resolve("secrets.properties");
        if (options.data() == null) {
            secretsFile.getParent().toFile().deleteOnExit();
            secretsFile.toFile().deleteOnExit();
        }
        LocalShops.writeSecrets(secretsFile, all);
        for (LocalShops.Shop s : all) {
            // The demo shop keeps the settings changed in an earlier run; a shop file is the truth for its shops.
            configured.add(LocalShops.save(shops, s, s.config().shopId().equals(LocalShops.DEMO)));
        }
        SecretStore secrets = new CachingSecretResolver(new FileSecretResolver(secretsFile), Duration.ofSeconds(1),
                Clock.systemUTC());

        sandbox = new BillmateSandbox().merchant(LocalShops.DEMO_BILLMATE_ID, LocalShops.DEMO_BILLMATE_SECRET);
        shop = ShopSimulator.builder()
                .restKey(LocalShops.DEMO_REST_KEY, LocalShops.DEMO_REST_SECRET)
                .siteUrl(URI.create(base + WOOCOMMERCE_PATH))
                .webhooks(URI.create(base + WEBHOOK_PATH + LocalShops.DEMO), LocalShops.DEMO_WEBHOOK_SECRET)
                .swedishVat()
                .build();

        InboxStore inbox = new InboxStore(dynamo, TABLE);
        QuarantineStore quarantine = new QuarantineStore(dynamo, TABLE);
        WebhookIntake intake = new WebhookIntake(shops, secrets, inbox, quarantine, Clock.systemUTC(), IntakeLog.stdout());
        CloudWiring.ResolvedConnections connections = new CloudWiring.ResolvedConnections(secrets,
                CloudWiring.ShopClientFactory.standard());
        OrderProcessor processor = new OrderProcessor(shops::find, connections, new OrderStateStore(dynamo, TABLE),
                new NoteStore(dynamo, TABLE), new DebugLogStore(dynamo, TABLE), Clock.systemUTC(), EventLog.standardOut());
        OrderProcessorHandler processorHandler = new OrderProcessorHandler(processor);
        OutboxDispatcherHandler outbox = new OutboxDispatcherHandler(new OutboxDispatcher(shops::find, connections,
                new NoteStore(dynamo, TABLE), Clock.systemUTC(), EventLog.standardOut()));
        AdminApiHandler admin = new AdminApiHandler(new AdminApi(shops, new OrderStateStore(dynamo, TABLE),
                new NoteStore(dynamo, TABLE), new DebugLogStore(dynamo, TABLE), quarantine, intake, secrets,
                ShopConnector.standard(shops, secrets)));

        // The template's HTTP API routes and nothing else, as API Gateway serves them.
        routes = new LocalRoutes(SamTemplate.read(SamTemplate.find()), Map.of(
                "WebhookReceiverFunction", new WebhookReceiverHandler(intake),
                "AdminApiFunction", admin));
        server.createContext("/", routes);
        server.createContext(BILLMATE_PATH, sandbox.handler());
        server.createContext(WOOCOMMERCE_PATH, shop.httpHandler());
        server.createContext(INFO_PATH, exchange -> {
            try (exchange) {
                if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                    ApiGatewayHttp.send(exchange, 403, "{\"status\":\"forbidden\"}");
                    return;
                }
                ApiGatewayHttp.send(exchange, 200, Json.write(info()));
            }
        });
        server.start();

        // The event source mapping of OrderProcessorFunction in template.yaml.
        poller = StreamPoller.forTable(dynamo, streams, TABLE, event -> processorHandler.handleRequest(event, null))
                .batchSize(10).parallelism(4).maxRetries(10).retryDelay(Duration.ofMillis(500))
                .onFailure(records -> System.err.println("orderhook local: the processor gave up on " + records.size()
                        + " stream record(s) after 10 retries; the inbox items stay in the table"))
                .start();
        outboxTimer = Executors.newSingleThreadScheduledExecutor(daemon("orderhook-outbox"));
        outboxTimer.scheduleWithFixedDelay(() -> runOutbox(outbox), options.outboxInterval().toMillis(),
                options.outboxInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public static LocalBackend start(Options options) {
        try {
            return new LocalBackend(options);
        } catch (IOException e) {
            throw new UncheckedIOException("local mode could not listen on " + options.host() + ":" + options.port()
                    + " (" + e.getMessage() + "); is another orderhook local running? Use --port", e);
        }
    }

    public URI baseUrl() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    public ShopSimulator shop() {
        return shop;
    }

    public BillmateSandbox sandbox() {
        return sandbox;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public StreamPoller poller() {
        return poller;
    }

    public Path secretsFile() {
        return secretsFile;
    }

    /** The embedded DynamoDB Local's endpoint (loopback). */
    public URI dynamodbEndpoint() {
        return dynamoLocal.endpoint();
    }

    /** The HTTP API routes served, from template.yaml: "POST /webhooks/woocommerce/{shopId}", ... */
    public List<String> routeKeys() {
        return routes.routeKeys();
    }

    /** What `orderhook invoke` needs to run a function against this stack. */
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("baseUrl", baseUrl().toString());
        info.put("dynamodbEndpoint", dynamoLocal.endpoint().toString());
        info.put("table", TABLE);
        info.put("secretsFile", secretsFile.toAbsolutePath().toString());
        return info;
    }

    private void runOutbox(OutboxDispatcherHandler outbox) {
        try {
            Map<String, Integer> summary = outbox.handleRequest(new ScheduledEvent(), null);
            if (summary.values().stream().anyMatch(n -> n > 0)) {
                System.out.println(Json.write(Map.of("event", "outbox", "summary", summary)));
            }
        } catch (RuntimeException e) {
            System.err.println("orderhook local: the outbox dispatcher failed, next run in "
                    + options.outboxInterval().toSeconds() + " s: " + e);
        }
    }

    /** The start banner: URLs and the demo shop's settings. */
    public void printBanner(PrintStream out) {
        URI base = baseUrl();
        ShopConfig demo = shops.read(LocalShops.DEMO).orElseThrow();
        ShopSettings s = demo.settings();
        out.println("orderhook local is running (Ctrl-C stops it)");
        out.println();
        out.println("  webhook (WooCommerce delivery URL)  POST " + base + WEBHOOK_PATH + "{shopId}");
        out.println("  admin (this machine only, no auth)  GET  " + base + ADMIN_PATH + "shops/{shopId}/orders/{orderId}");
        out.println("                                      PUT  " + base + ADMIN_PATH + "shops/{shopId}/settings");
        out.println("                                      GET  " + base + ADMIN_PATH + "shops/{shopId}/quarantine");
        out.println("                                      POST " + base + ADMIN_PATH + "shops/{shopId}/connect (orderhook connect)");
        out.println("  Billmate sandbox                    " + base + BILLMATE_PATH + "/");
        out.println("  shop simulator (WooCommerce REST)   " + base + WOOCOMMERCE_PATH + "/wp-json/wc/v3/");
        out.println("  DynamoDB Local                      " + dynamoLocal.endpoint() + "  table " + TABLE
                + (options.data() == null ? "  (in memory; --data DIR keeps it)" : "  (data in " + options.data() + ")"));
        out.println("  processor                           stream poller: batches of 10, 4 orders in parallel, 10 retries");
        out.println("  outbox dispatcher                   every " + options.outboxInterval().toSeconds() + " s");
        out.println();
        out.println("  demo shop");
        out.println("    shop id            " + LocalShops.DEMO);
        out.println("    webhook secret     " + LocalShops.DEMO_WEBHOOK_SECRET);
        out.println("    REST key / secret  " + LocalShops.DEMO_REST_KEY + " / " + LocalShops.DEMO_REST_SECRET
                + "  (shop simulator at " + demo.shopUrl() + ")");
        out.println("    Billmate           id " + LocalShops.DEMO_BILLMATE_ID + ", secret " + LocalShops.DEMO_BILLMATE_SECRET
                + " (sandbox at " + demo.provider().endpoint() + ")");
        out.println("    settings           orderManagementEnabled=" + s.orderManagementEnabled() + " debugLog=" + s.debugLog()
                + " captureStatus=" + s.captureStatus() + " failureStatus=" + s.failureStatus()
                + " paymentMethods=" + s.paymentMethods());
        for (ShopConfig other : configured) {
            if (!other.shopId().equals(LocalShops.DEMO)) {
                out.println("  shop " + other.shopId() + ": " + other.shopUrl() + ", Billmate " + other.provider().accountId()
                        + " at " + other.provider().endpoint() + "; delivery URL " + base + WEBHOOK_PATH + other.shopId());
            }
        }
        out.println();
        out.println("  try:  ./orderhook demo        (the four order-management procedures, as a merchant does them)");
        out.println("        ./orderhook connect myshop --url https://myshop.example --key ck_... --secret cs_... "
                + "--billmate-id ID --billmate-secret S");
        out.println("        ./orderhook orders demo <orderId>   ./orderhook settings demo --debug-log on");
        out.println();
    }

    @Override
    public void close() {
        outboxTimer.shutdownNow();
        poller.close();
        server.stop(0);
        serverThreads.shutdownNow();
        shop.close();
        sandbox.close();
        streams.close();
        dynamo.close();
        dynamoLocal.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
