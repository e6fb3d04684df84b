package io.orderhook.wiring;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.orderhook.bulk.BulkRunner;
import io.orderhook.bulk.OrderActions;
import io.orderhook.connect.ShopConnector;
import io.orderhook.failed.GiveUp;
import io.orderhook.failed.Redrive;
import io.orderhook.expiry.ExpiryScan;
import io.orderhook.erasure.OrderEraser;
import io.orderhook.fraud.FraudGate;
import io.orderhook.fraud.MinFraudScreener;
import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.outbox.NoteBacklog;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.credit.CreditSources;
import io.orderhook.processing.CreditAlerts;
import io.orderhook.processing.CreditGate;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.ShopConnections;
import io.orderhook.provider.ProviderRegistry;
import io.orderhook.retry.DueRetries;
import io.orderhook.schedule.ScheduledJob;
import io.orderhook.secrets.SecretResolvers;
import io.orderhook.secrets.SecretStore;
import io.orderhook.store.BulkJobStore;
import io.orderhook.store.CreditCheckStore;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.ExposureStore;
import io.orderhook.store.FailedOrderStore;
import io.orderhook.store.FraudStore;
import io.orderhook.store.InboxStore;
import io.orderhook.store.LapsingOrders;
import io.orderhook.store.LedgerStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.SweepStore;
import io.orderhook.sweep.OrderSweep;
import io.orderhook.sweep.ShopSweep;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The one place orderhook is put together: every service from one configuration (the table and
 * its client, the secrets, the clock, the clients of each shop, where events are logged). Each
 * Lambda handler is a few lines over {@link #fromEnvironment()}; local mode, the benchmarks and the
 * tests build the same services with {@link #builder}, pointed at DynamoDB Local, the sandboxes
 * and their own clock. Services are built on first use, once, so a function's container builds
 * only what its handler asks for (during Lambda's init, before SnapStart's snapshot).
 */
public final class Wiring {
    /** How long a function container trusts a shop's configuration (a settings change reaches all within a minute). */
    public static final Duration CONFIG_CACHE = Duration.ofSeconds(60);
    /** How long a capture or cancellation asked through the admin API waits for the processor (API Gateway waits 30 s). */
    public static final Duration ORDER_ACTION_WAIT = Duration.ofSeconds(20);

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecretStore secrets;
    private final Clock clock;
    private final Duration configCache;
    private final ShopConnections connections;
    private final EventLog events;
    private final IntakeLog intakeLog;
    private final ShopConnectorFactory connector;
    private final int inBatchConcurrency;

    private final Lazy<ShopConfigStore> shopConfigs;
    private final Lazy<WebhookIntake> intake;
    private final Lazy<OrderProcessor> processor;
    private final Lazy<OutboxDispatcher> outbox;
    private final Lazy<HttpClient> creditHttp = new Lazy<>(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build());

    /** Builds a shop connector (for {@code orderhook connect}) over the configuration store and the secrets. */
    @FunctionalInterface
    public interface ShopConnectorFactory {
        ShopConnector create(ShopConfigStore configs, SecretStore secrets);
    }

    private Wiring(Builder b) {
        this.dynamo = b.dynamo;
        this.table = b.table;
        this.secrets = Objects.requireNonNull(b.secrets, "secrets");
        this.clock = b.clock;
        this.configCache = b.configCache;
        this.connections = b.connections != null ? b.connections
                : new ShopClients(secrets, b.restClients, b.providers);
        this.events = b.events;
        this.intakeLog = b.intakeLog;
        this.connector = b.connector;
        this.inBatchConcurrency = b.inBatchConcurrency;
        this.shopConfigs = b.sharedConfigs != null ? b.sharedConfigs
                : new Lazy<>(() -> new ShopConfigStore(dynamo, table, clock, configCache));
        this.intake = new Lazy<>(() -> new WebhookIntake(shopConfigs(), secrets, inbox(), quarantine(), clock, intakeLog));
        this.processor = new Lazy<>(() -> new OrderProcessor(shopConfigs()::find, connections, states(), notes(), logs(),
                clock, events, OrderProcessor.OrderReader.wooCommerce(), inBatchConcurrency, failedOrders()::recordAttempt,
                creditGate(), fraudGate()));
        this.outbox = new Lazy<>(() -> new OutboxDispatcher(shopConfigs()::find, connections, notes(), clock, events));
    }

    /**
     * The Lambda environment: {@code TABLE_NAME} (from template.yaml), {@code AWS_REGION} (set by
     * Lambda), {@code ORDERHOOK_SECRETS} (Secrets Manager unless it says otherwise). AWS clients
     * use the URL-connection HTTP client (no Netty or Apache on the class path: smaller, faster
     * cold starts).
     */
    public static Wiring fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Wiring fromEnvironment(Map<String, String> env) {
        String table = env.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: template.yaml passes the table's name to every function");
        }
        String regionName = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (regionName == null || regionName.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set (Lambda sets it; set it when running elsewhere)");
        }
        Region region = Region.of(regionName);
        DynamoDbClient dynamo = DynamoDbClient.builder().region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
        SecretStore secrets = SecretResolvers.fromEnvironment(env, () -> SecretsManagerClient.builder().region(region)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().build()).build());
        return builder(dynamo, table, secrets).inBatchConcurrency(InBatchConcurrency.fromEnvironment(env)).build();
    }

    public static Builder builder(DynamoDbClient dynamo, String table, SecretStore secrets) {
        return new Builder(dynamo, table, secrets);
    }

    // ---- the services ----------------------------------------------------------------------------

    public WebhookIntake webhookIntake() {
        return intake.get();
    }

    public OrderProcessor orderProcessor() {
        return processor.get();
    }

    public OutboxDispatcher outboxDispatcher() {
        return outbox.get();
    }

    /** The jobs the scheduler function (and local mode's timer) runs, in this order; one line per job. */
    public List<ScheduledJob> scheduledJobs() {
        return List.of(
                dueRetries(),
                orderSweep(),
                expiryScan(),
                new NoteBacklog(notes()));
    }

    /** Finds reservations about to lapse or lapsed and wakes their orders (extend, warn, hard decline). */
    public ExpiryScan expiryScan() {
        return new ExpiryScan(freshShopConfigs(), lapsingOrders(), connections, inbox());
    }

    public LapsingOrders lapsingOrders() {
        return new LapsingOrders(dynamo, table);
    }

    /** Credit ordering's checks on orders of the shops' credit payment methods (the processor's gate). */
    public CreditGate creditGate() {
        return new CreditGate(creditChecks(), new ExposureStore(dynamo, table), notes(), connections,
                (config, currency) -> CreditSources.of(config.settings().credit(), currency, secrets, creditHttp.get()),
                new CreditAlerts(System.out::println), clock, events);
    }

    public CreditCheckStore creditChecks() {
        return new CreditCheckStore(dynamo, table);
    }

    /** Fraud screening of new orders with MaxMind minFraud (the shop's {@code fraud} settings). */
    public FraudGate fraudGate() {
        return new FraudGate(fraud(), new MinFraudScreener(secrets), notes(), connections, clock, events);
    }

    /** Deletes an order from orderhook on request (its open reservation cancelled first). */
    public OrderEraser orderEraser() {
        return new OrderEraser(states(), inbox(), orderProcessor(), clock, events);
    }

    public FraudStore fraud() {
        return new FraudStore(dynamo, table);
    }

    /** Wakes up orders whose declined step is due to be tried again. */
    public DueRetries dueRetries() {
        return new DueRetries(dynamo, table, shopConfigs()::find, connections, inbox());
    }

    /**
     * Capture, cancel or retry one order without a webhook (the admin API, bulk jobs), and bulk
     * jobs over many, through the same processor as webhooks.
     */
    public BulkRunner bulkRunner() {
        return new BulkRunner(orderActions(), bulkJobs(), clock);
    }

    public OrderActions orderActions() {
        return new OrderActions(connections, states(), inbox(), ledger(), orderProcessor(), clock, ORDER_ACTION_WAIT);
    }

    public BulkJobStore bulkJobs() {
        return new BulkJobStore(dynamo, table);
    }

    /** The sweep over every shop's order list (configurations read fresh: a new shop is swept at once). */
    public OrderSweep orderSweep() {
        ShopConfigStore configs = freshShopConfigs();
        return new OrderSweep(configs, new ShopSweep(configs, connections, inbox(), sweeps()));
    }

    /** The orders the processor gave up on, and its failed attempts per change. */
    public FailedOrderStore failedOrders() {
        return new FailedOrderStore(dynamo, table);
    }

    /** What the processor's failure destination (local mode: the poller's) does with an order given up on. */
    public GiveUp giveUp() {
        return new GiveUp(shopConfigs()::find, connections, failedOrders(), notes(), clock, events);
    }

    /** Sends a failed order through again ({@code orderhook failed redrive}, the admin route). */
    public Redrive redrive() {
        return new Redrive(failedOrders(), connections, orderActions());
    }

    public SweepStore sweeps() {
        return new SweepStore(dynamo, table);
    }

    /** Connects shops (REST key, webhooks) and stores their secrets; reads configurations fresh. */
    public ShopConnector shopConnector() {
        return connector.create(freshShopConfigs(), secrets);
    }

    /** Shop configurations as the processing functions read them: cached for {@link #configCache()}. */
    public ShopConfigStore shopConfigs() {
        return shopConfigs.get();
    }

    /** Shop configurations read fresh every time: what an admin changes must be what they see. */
    public ShopConfigStore freshShopConfigs() {
        return new ShopConfigStore(dynamo, table, clock, Duration.ZERO);
    }

    public InboxStore inbox() {
        return new InboxStore(dynamo, table);
    }

    public QuarantineStore quarantine() {
        return new QuarantineStore(dynamo, table);
    }

    public OrderStateStore states() {
        return new OrderStateStore(dynamo, table);
    }

    public NoteStore notes() {
        return new NoteStore(dynamo, table);
    }

    public DebugLogStore logs() {
        return new DebugLogStore(dynamo, table);
    }

    public LedgerStore ledger() {
        return new LedgerStore(dynamo, table);
    }

    public ShopConnections connections() {
        return connections;
    }

    public SecretStore secrets() {
        return secrets;
    }

    public Clock clock() {
        return clock;
    }

    public Duration configCache() {
        return configCache;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String table() {
        return table;
    }

    public EventLog events() {
        return events;
    }

    public IntakeLog intakeLog() {
        return intakeLog;
    }

    /**
     * The same services on another DynamoDB client (a test's counting or crashing one), all else
     * equal; the shop configurations stay this wiring's, so a settings change reaches both at once.
     */
    public Wiring withDynamo(DynamoDbClient other) {
        Builder b = toBuilder().dynamo(other);
        b.sharedConfigs = shopConfigs;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(dynamo, table, secrets);
        b.clock = clock;
        b.configCache = configCache;
        b.connections = connections;
        b.events = events;
        b.intakeLog = intakeLog;
        b.connector = connector;
        b.inBatchConcurrency = inBatchConcurrency;
        return b;
    }

    /** Options for local mode, benchmarks and tests; the defaults are AWS's. */
    public static final class Builder {
        private DynamoDbClient dynamo;
        private final String table;
        private final SecretStore secrets;
        private Clock clock = Clock.systemUTC();
        private Duration configCache = CONFIG_CACHE;
        private ShopClients.RestClientFactory restClients = ShopClients.RestClientFactory.wooCommerce();
        private ProviderRegistry providers = ProviderRegistry.standard();
        private ShopConnections connections;
        private EventLog events = EventLog.standardOut();
        private IntakeLog intakeLog = IntakeLog.stdout();
        private ShopConnectorFactory connector = ShopConnector::standard;
        private Lazy<ShopConfigStore> sharedConfigs;
        private int inBatchConcurrency = OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY;

        private Builder(DynamoDbClient dynamo, String table, SecretStore secrets) {
            this.dynamo = dynamo;
            this.table = table;
            this.secrets = secrets;
        }

        public Builder dynamo(DynamoDbClient client) {
            this.dynamo = client;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder configCache(Duration ttl) {
            this.configCache = ttl;
            return this;
        }

        /** How each shop's REST client is built (timeouts, TLS trust of a test shop). */
        public Builder restClients(ShopClients.RestClientFactory factory) {
            this.restClients = factory;
            return this;
        }

        public Builder providers(ProviderRegistry registry) {
            this.providers = registry;
            return this;
        }

        /** Every shop's clients given directly (a test that wraps them), instead of built from secrets. */
        public Builder connections(ShopConnections given) {
            this.connections = given;
            return this;
        }

        public Builder events(EventLog log) {
            this.events = log;
            return this;
        }

        public Builder intakeLog(IntakeLog log) {
            this.intakeLog = log;
            return this;
        }

        public Builder shopConnector(ShopConnectorFactory factory) {
            this.connector = factory;
            return this;
        }

        /** Orders of one stream batch the processor runs at the same time (1: one after another). */
        public Builder inBatchConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("in-batch concurrency must be at least 1, was " + n);
            }
            this.inBatchConcurrency = n;
            return this;
        }

        public Wiring build() {
            return new Wiring(this);
        }
    }
}
