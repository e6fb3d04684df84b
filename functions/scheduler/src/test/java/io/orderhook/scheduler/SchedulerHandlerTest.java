package io.orderhook.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.orderhook.processing.EventLog;
import io.orderhook.schedule.JobRunner;
import io.orderhook.schedule.ScheduledJob;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.sweep.SweepState;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.wiring.Wiring;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The scheduler function over DynamoDB Local and the shop simulator: one shop up, one down. */
class SchedulerHandlerTest {
    private static final Instant ORDERS_AT = Instant.parse("2025-06-05T10:00:00Z");
    private final TestClock shopClock = TestClock.at(ORDERS_AT);
    private final List<String> log = new ArrayList<>();
    private ShopSimulator shop;
    private Wiring wiring;
    private String table;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        table = local.newTable("scheduler", TableDefinition::create);
        dynamo = local.client();
        shop = ShopSimulator.builder().restKey("ck_sched1234", "cs_sched1234").swedishVat().clock(shopClock).build().start();
        wiring = Wiring.builder(dynamo, table, new CachingSecretResolver(new EnvironmentSecretResolver(Map.of(
                        EnvironmentSecretResolver.variableName("k"), "ck_sched1234",
                        EnvironmentSecretResolver.variableName("s"), "cs_sched1234"))))
                .clock(Clock.fixed(ORDERS_AT.plus(Duration.ofMinutes(10)), ZoneOffset.UTC))
                .events(new EventLog(line -> { })).build();
        ShopConfig.ProviderAccount billmate = new ShopConfig.ProviderAccount("billmate", "1", "b", "http://127.0.0.1:1/", true);
        wiring.freshShopConfigs().save(new ShopConfig("up", shop.shopUrl().toString(), "w", "k", "s", billmate,
                ShopSettings.defaults(), 1));
        wiring.freshShopConfigs().save(new ShopConfig("down", "http://127.0.0.1:1/", "w", "k", "s", billmate,
                ShopSettings.defaults(), 1));
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String line) {
        try {
            return io.orderhook.json.Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private SchedulerHandler handler(List<ScheduledJob> jobs) {
        return new SchedulerHandler(new JobRunner(jobs, wiring.clock(), log::add));
    }

    @Test
    void aRunStoresTheChangesOfTheShopsPaymentMethodsOnceAndReportsTheShopThatIsDown() {
        String ours = shop.createOrder(NewOrder.paidWith("bco").status("processing").product("MUG", "Mug", 1, "100.00"));
        shop.createOrder(NewOrder.paidWith("cod").status("processing").product("MUG", "Mug", 1, "100.00"));

        Map<String, Object> first = handler(wiring.scheduledJobs()).handleRequest(null, null);

        assertEquals(Map.of("shops", 2L, "shops-failed", 1L, "orders-listed", 2L, "caught-up", 1L, "webhooks-down", 1L),
                first.get("sweep"), "the shop that is up has no webhook to orderhook");
        assertEquals("missing", wiring.sweeps().find("up").orElseThrow().webhookStatus());
        String version = shop.order(ours).get("date_modified_gmt").asText();
        assertEquals(1, new InboxStore(dynamo, table).versionBodies("up", ours, version).size());
        SweepState up = wiring.sweeps().find("up").orElseThrow();
        assertEquals("2025-06-05T10:05:00", up.watermarkGmt(), "everything up to the settle time is stored");
        assertEquals(1, up.caughtUpTotal());
        assertTrue(wiring.sweeps().find("down").orElseThrow().lastOutcome().startsWith("the shop could not be reached"));
        assertEquals(2 * wiring.scheduledJobs().size(), log.size(), "each job's line and its metrics: " + log);
        List<String> sweep = log.stream().filter(l -> l.contains("\"job\":\"sweep\"") || l.contains("\"Job\":\"sweep\"")).toList();
        assertEquals(2, sweep.size(), "the sweep's line and its metrics: " + log);
        assertTrue(sweep.get(0).contains("shop down: the shop could not be reached"), sweep.get(0));
        com.fasterxml.jackson.databind.JsonNode metrics = readJson(sweep.get(1));
        assertEquals("orderhook", metrics.at("/_aws/CloudWatchMetrics/0/Namespace").asText(), sweep.get(1));
        assertEquals("[[\"Job\"]]", metrics.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("sweep", metrics.get("Job").asText());
        assertEquals(1, metrics.get("caught-up").asInt());
        assertEquals(1, metrics.get("webhooks-down").asInt());

        Map<String, Object> second = handler(wiring.scheduledJobs()).handleRequest(null, null);
        assertEquals(0L, ((Map<?, ?>) second.get("sweep")).get("caught-up"), "the overlap lists the order again, stored already");
    }

    @Test
    void aSweptItemIsMarkedAsComingFromTheSweep() throws Exception {
        String ours = shop.createOrder(NewOrder.paidWith("bco").status("processing").product("MUG", "Mug", 1, "100.00"));
        handler(wiring.scheduledJobs()).handleRequest(null, null);

        String version = shop.order(ours).get("date_modified_gmt").asText();
        List<InboxItem> items = new ArrayList<>();
        dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                .fromS(InboxItem.partitionKey("up", ours)))))
                .items().forEach(i -> items.add(InboxStore.fromAttributes(i)));
        assertEquals(1, items.size());
        assertEquals(InboxItem.SOURCE_SWEEP, items.get(0).source());
        assertEquals(version, items.get(0).modifiedGmt());
        assertEquals(shop.order(ours).get("total").asText(), io.orderhook.json.Json.MAPPER.readTree(items.get(0).body())
                .get("total").asText());
    }

    @Test
    void aJobThatThrowsFailsTheInvocationAfterTheOtherJobsRan() {
        shop.createOrder(NewOrder.paidWith("bco").status("processing").product("MUG", "Mug", 1, "100.00"));
        ScheduledJob broken = new ScheduledJob() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Report run(Instant now) {
                throw new IllegalStateException("table gone");
            }
        };
        List<ScheduledJob> jobs = new ArrayList<>(List.of(broken));
        jobs.addAll(wiring.scheduledJobs());

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> handler(jobs).handleRequest(null, null));
        assertTrue(failed.getMessage().contains("broken failed"), failed.getMessage());
        assertEquals(1, wiring.sweeps().find("up").orElseThrow().caughtUpTotal(), "the sweep ran after the broken job");
    }
}
