package io.orderhook.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.admin.AdminApi;
import io.orderhook.admin.AdminApiHandler;
import io.orderhook.json.Json;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.outbox.OutboxDispatcherHandler;
import io.orderhook.processor.OrderProcessorHandler;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.scheduler.SchedulerHandler;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.secrets.SecretStore;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.klarna.KlarnaSandbox;
import io.orderhook.testkit.minfraud.MinFraudSandbox;
import io.orderhook.testkit.stripe.StripeSandbox;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.wiring.Wiring;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole backend in one JVM, built by the wiring root ({@link Wiring}) exactly as the Lambda
 * functions are: DynamoDB Local in this JVM, and one HTTP server serving the template's routes
 * through the real receiver and admin handlers, the Billmate, Klarna and Stripe sandboxes and the
 * shop simulator's REST API. A {@link StreamPoller} feeds the table's stream to the real processor handler as the event
 * source mapping of template.yaml would (batches of 10, one order's records in order, four orders
 * at once, partial batch failures, ten retries with bisection), and the outbox dispatcher and the
 * scheduled jobs (the sweep) run on timers. Local mode, the benchmarks and the end-to-end and chaos tests all run this stack, with
 * {@link LocalOptions} for what they change.
 */
public final class LocalBackend implements AutoCloseable {
    public static final String TABLE = "orderhook";
    public static final String WEBHOOK_PATH = "/webhooks/woocommerce/";
    public static final String ADMIN_PATH = "/admin/";
    public static final String BILLMATE_PATH = "/sandbox/billmate";
    public static final String WOOCOMMERCE_PATH = "/sandbox/woocommerce";
    public static final String KLARNA_PATH = "/sandbox/klarna";
    public static final String STRIPE_PATH = "/sandbox/stripe";
    /** minFraud's own paths ({@code /minfraud/v2.0/...}): its official client takes a host and port, no path. */
    public static final String MINFRAUD_PATH = "/minfraud/";
    /** Where the CLI finds the running stack's DynamoDB endpoint and secrets (loopback only). */
    public static final String INFO_PATH = "/local/info";

    private final LocalOptions options;
    private final DynamoDbLocal dynamoLocal;
    private final DynamoDbClient dynamo;
    private final DynamoDbClient processorDynamo;
    private final DynamoDbStreamsClient streams;
    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final BillmateSandbox sandbox;
    private final KlarnaSandbox klarna;
    private final StripeSandbox stripe;
    private final MinFraudSandbox minfraud;
    private final ShopSimulator shop;
    private final Wiring wiring;
    private final Wiring processorWiring;
    private final StreamPoller poller;
    private final ScheduleTimer outboxTimer;
    private final ScheduleTimer schedulerTimer;
    private final Path secretsFile;
    private final LocalRoutes routes;
    private final List<ShopConfig> configured = new ArrayList<>();

    private LocalBackend(LocalOptions options) throws IOException {
        this.options = options;
        InetAddress host = InetAddress.getByName(options.host());
        // DynamoDB Local answers anyone without checking credentials: it listens on the chosen host when
        // that is a loopback address and on loopback otherwise, never where another machine reaches it.
        this.dynamoLocal = DynamoDbLocal.start(options.data() == null ? null : options.data().resolve("dynamodb"),
                host.isLoopbackAddress() ? host : InetAddress.getLoopbackAddress(), 0);
        this.dynamo = dynamoLocal.client(options.intakeInterceptors.toArray(new software.amazon.awssdk.core.interceptor
                .ExecutionInterceptor[0]));
        this.processorDynamo = options.processorInterceptors.isEmpty() ? dynamo
                : dynamoLocal.client(options.processorInterceptors.toArray(new software.amazon.awssdk.core.interceptor
                        .ExecutionInterceptor[0]));
        this.streams = dynamoLocal.streamsClient();
        TableDefinition.create(dynamo, TABLE);

        server = HttpServer.create(new InetSocketAddress(host, options.port()), 128);
        // One server stands in for API Gateway, the shop and Billmate, which each take as many requests at once as
        // they are sent: a fixed pool would cap the calls waiting for Billmate's latency at its size.
        serverThreads = Executors.newCachedThreadPool(daemon("orderhook-http"));
        server.setExecutor(serverThreads);
        URI base = baseUrl();

        secretsFile = LocalShops.secretsFile(options.data());
        List<LocalShops.Shop> all = LocalShops.demoAndFiles(base, options.demoSettings, options.shopConfigs());
        LocalShops.writeSecrets(secretsFile, all);
        SecretStore secrets = new CachingSecretResolver(new FileSecretResolver(secretsFile), Duration.ofSeconds(1),
                options.clock);
        wiring = Wiring.builder(dynamo, TABLE, secrets).clock(options.clock).configCache(options.configCache)
                .events(options.events).intakeLog(options.intakeLog).restClients(options.restClients)
                .inBatchConcurrency(options.inBatchConcurrency).build();
        // The processor and the outbox on their own client, which a test may count or crash; one shop configuration
        // store for all, so a settings change reaches every handler at once.
        processorWiring = processorDynamo == dynamo ? wiring : wiring.withDynamo(processorDynamo);
        for (LocalShops.Shop s : all) {
            // The demo shop keeps the settings changed in an earlier run; a shop file is the truth for its shops.
            configured.add(LocalShops.save(wiring.shopConfigs(), s, s.config().shopId().equals(LocalShops.DEMO)));
        }

        sandbox = new BillmateSandbox().merchant(LocalShops.DEMO_BILLMATE_ID, LocalShops.DEMO_BILLMATE_SECRET);
        klarna = new KlarnaSandbox().merchant(LocalShops.DEMO_KLARNA_USERNAME, LocalShops.DEMO_KLARNA_PASSWORD);
        stripe = new StripeSandbox().secretKey(LocalShops.DEMO_STRIPE_KEY);
        minfraud = new MinFraudSandbox().account(LocalShops.DEMO_MINFRAUD_ACCOUNT, LocalShops.DEMO_MINFRAUD_KEY);
        shop = options.shop.apply(ShopSimulator.builder()
                        .restKey(LocalShops.DEMO_REST_KEY, LocalShops.DEMO_REST_SECRET)
                        .siteUrl(URI.create(base + WOOCOMMERCE_PATH))
                        .webhooks(URI.create(base + WEBHOOK_PATH + LocalShops.DEMO), LocalShops.DEMO_WEBHOOK_SECRET))
                .build();

        // The template's HTTP API routes and nothing else, as API Gateway serves them.
        routes = new LocalRoutes(SamTemplate.read(SamTemplate.find()), Map.of(
                "WebhookReceiverFunction", new WebhookReceiverHandler(wiring.webhookIntake()),
                "AdminApiFunction", new AdminApiHandler(new AdminApi(wiring))));
        HttpContext api = server.createContext("/", routes);
        if (options.routesFilter != null) {
            api.getFilters().add(options.routesFilter);
        }
        HttpContext billmate = server.createContext(BILLMATE_PATH, sandbox.handler());
        if (options.sandboxFilter != null) {
            billmate.getFilters().add(options.sandboxFilter);
        }
        server.createContext(KLARNA_PATH, klarna.handler());
        server.createContext(STRIPE_PATH, stripe.handler());
        server.createContext(MINFRAUD_PATH, minfraud.handler());
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
        server.createContext(LocalJobs.PATH, new LocalJobs(processorWiring.scheduledJobs(), processorWiring.clock()));
        server.start();

        // The event source mapping of OrderProcessorFunction in template.yaml.
        OrderProcessorHandler processorHandler = new OrderProcessorHandler(processorWiring.orderProcessor());
        Function<DynamodbEvent, StreamsEventResponse> handler = options.processorWrapper
                .apply(event -> processorHandler.handleRequest(event, null));
        poller = options.poller.apply(StreamPoller.forTable(dynamo, streams, TABLE, handler)
                .batchSize(10).parallelism(4).maxRetries(10).retryDelay(Duration.ofMillis(500))
                .onFailure(new GiveUpDestination(processorWiring.giveUp())))
                .start();
        OutboxDispatcherHandler outbox = new OutboxDispatcherHandler(processorWiring.outboxDispatcher());
        outboxTimer = ScheduleTimer.start("outbox dispatcher", options.outboxInterval(), () -> {
            Map<String, Integer> summary = outbox.handleRequest(new ScheduledEvent(), null);
            if (summary.values().stream().anyMatch(n -> n > 0)) {
                System.out.println(Json.write(Map.of("event", "outbox", "summary", summary)));
            }
        });
        SchedulerHandler scheduler = new SchedulerHandler(wiring);
        // The handler prints one JSON line per job.
        schedulerTimer = ScheduleTimer.start("scheduler", options.schedulerInterval(),
                () -> scheduler.handleRequest(new ScheduledEvent(), null));
    }

    public static LocalBackend start(LocalOptions options) {
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

    public LocalOptions options() {
        return options;
    }

    /** Every service, as the functions build them. */
    public Wiring wiring() {
        return wiring;
    }

    /** The services on the processor's DynamoDB client (the one a test counts or crashes). */
    public Wiring processorWiring() {
        return processorWiring;
    }

    /** The dispatcher the outbox timer runs (a test without the timer runs it itself). */
    public OutboxDispatcher outbox() {
        return processorWiring.outboxDispatcher();
    }

    public ShopConfigStore shopConfigs() {
        return wiring.shopConfigs();
    }

    public ShopSimulator shop() {
        return shop;
    }

    public BillmateSandbox sandbox() {
        return sandbox;
    }

    public KlarnaSandbox klarna() {
        return klarna;
    }

    public StripeSandbox stripe() {
        return stripe;
    }

    public MinFraudSandbox minfraud() {
        return minfraud;
    }

    /** Where the customer's checkout reaches the Billmate sandbox. */
    public URI billmateEndpoint() {
        return URI.create(baseUrl() + BILLMATE_PATH + "/");
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

    /** The shops configured at start: the demo shop and those of --shop-config files. */
    public List<ShopConfig> configured() {
        return List.copyOf(configured);
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

    /** The start banner: URLs and the demo shop's settings. */
    public void printBanner(PrintStream out) {
        LocalBanner.print(this, out);
    }

    @Override
    public void close() {
        outboxTimer.close();
        schedulerTimer.close();
        poller.close();
        server.stop(0);
        serverThreads.shutdownNow();
        shop.close();
        sandbox.close();
        klarna.close();
        stripe.close();
        minfraud.close();
        streams.close();
        if (processorDynamo != dynamo) {
            processorDynamo.close();
        }
        dynamo.close();
        dynamoLocal.close();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
