package io.orderhook.processing;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderRegistry;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.secrets.SecretResolvers;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.ShopConfigStore;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the processor and the outbox dispatcher from the Lambda environment
 * ({@code TABLE_NAME}, {@code ORDERHOOK_SECRETS}): clients are built once per container
 * (during SnapStart's init), shop configurations are cached by {@link ShopConfigStore},
 * secrets by the resolver, and each shop's clients per configuration version.
 */
public final class CloudWiring {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ShopConfigs configs;
    private final ShopConnections connections;
    private final Clock clock;

    public CloudWiring(DynamoDbClient dynamo, String table, ShopConfigs configs, ShopConnections connections, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.configs = configs;
        this.connections = connections;
        this.clock = clock;
    }

    public static CloudWiring fromEnvironment() {
        Map<String, String> env = System.getenv();
        String table = env.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: template.yaml passes the table's name to every function");
        }
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        SecretResolver secrets = SecretResolvers.fromEnvironment(env,
                () -> SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
        return new CloudWiring(dynamo, table, new ShopConfigStore(dynamo, table)::find,
                new ResolvedConnections(secrets, ShopClientFactory.standard()), Clock.systemUTC());
    }

    public OrderProcessor orderProcessor() {
        return new OrderProcessor(configs, connections, new OrderStateStore(dynamo, table), new NoteStore(dynamo, table),
                new DebugLogStore(dynamo, table), clock, EventLog.standardOut());
    }

    public OutboxDispatcher outboxDispatcher() {
        return new OutboxDispatcher(configs, connections, new NoteStore(dynamo, table), clock, EventLog.standardOut());
    }

    /** Builds the shop's REST client from its URL and resolved key and secret. */
    @FunctionalInterface
    public interface ShopClientFactory {
        ShopClient create(ShopConfig config, String consumerKey, String consumerSecret);

        static ShopClientFactory standard() {
            return WooCommerceClients::create;
        }
    }

    /**
     * One provider and one shop client per shop and configuration version; secrets come from
     * the resolver (cached there, so a rotated secret takes effect within its refresh time
     * for clients built after it).
     */
    public static final class ResolvedConnections implements ShopConnections {
        private final SecretResolver secrets;
        private final ShopClientFactory shops;
        private final ProviderRegistry registry = ProviderRegistry.standard();
        private final Map<String, PaymentProvider> providers = new ConcurrentHashMap<>();
        private final Map<String, ShopClient> shopClients = new ConcurrentHashMap<>();

        public ResolvedConnections(SecretResolver secrets, ShopClientFactory shops) {
            this.secrets = secrets;
            this.shops = shops;
        }

        @Override
        public PaymentProvider provider(ShopConfig config) {
            return providers.computeIfAbsent(key(config), k -> registry.create(config.shopId(), config.provider(),
                    secrets.resolve(config.provider().secretRef())));
        }

        @Override
        public ShopClient shop(ShopConfig config) {
            return shopClients.computeIfAbsent(key(config), k -> shops.create(config,
                    secrets.resolve(config.restKeyRef()), secrets.resolve(config.restSecretRef())));
        }

        private static String key(ShopConfig config) {
            return config.shopId() + "#" + config.version();
        }

    }
}
