package io.orderhook.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.sun.net.httpserver.Filter;

import io.orderhook.intake.IntakeLog;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import io.orderhook.wiring.ShopClients;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How the in-JVM stack runs: where it listens and keeps data (what {@code orderhook local} sets),
 * and what tests and benchmarks change about it (a clock, interceptors on the processor's DynamoDB
 * client, where the event lines go, the shop's tax setup, the poller's pace, a wrapper around
 * the processor's handler, a filter in front of the Billmate sandbox). Immutable; every change
 * gives a copy.
 */
public final class LocalOptions {
    String host = "127.0.0.1";
    int port = 3000;
    Path data;
    List<Path> shopConfigs = List.of();
    /** Null: no outbox timer (a test runs the dispatcher itself). */
    Duration outboxInterval = Duration.ofSeconds(10);
    /** Null: no scheduler timer (a test runs the scheduled jobs itself, with its own clock). */
    Duration schedulerInterval = Duration.ofSeconds(60);
    Clock clock = Clock.systemUTC();
    List<ExecutionInterceptor> processorInterceptors = List.of();
    List<ExecutionInterceptor> intakeInterceptors = List.of();
    EventLog events = EventLog.standardOut();
    IntakeLog intakeLog = IntakeLog.stdout();
    UnaryOperator<ShopSimulator.Builder> shop = ShopSimulator.Builder::swedishVat;
    UnaryOperator<StreamPoller.Builder> poller = b -> b;
    UnaryOperator<Function<DynamodbEvent, StreamsEventResponse>> processorWrapper = f -> f;
    Filter sandboxFilter;
    /** Around every request to the template's HTTP API routes (a benchmark timing the receiver), or null. */
    Filter routesFilter;
    /**
     * In AWS each container caches a shop's configuration for a minute. Locally every handler
     * shares one store, whose writes refresh its cache at once, and a one-second TTL makes
     * changes from other processes ({@code orderhook invoke}) count by the next webhook too.
     */
    Duration configCache = Duration.ofSeconds(1);
    ShopClients.RestClientFactory restClients = ShopClients.RestClientFactory.wooCommerce();
    ShopSettings demoSettings = ShopSettings.defaults();
    /** The processor's in-batch concurrency, as {@code ORDERHOOK_IN_BATCH_CONCURRENCY} sets it in AWS. */
    int inBatchConcurrency = OrderProcessor.DEFAULT_IN_BATCH_CONCURRENCY;

    private LocalOptions() {}

    public static LocalOptions defaults() {
        return new LocalOptions();
    }

    /** What the tests of a stack use: any free port, the outbox at once, in memory. */
    public static LocalOptions forTests() {
        return defaults().port(0).outboxInterval(Duration.ofSeconds(1)).schedulerInterval(null);
    }

    private LocalOptions copy() {
        LocalOptions c = new LocalOptions();
        c.host = host;
        c.port = port;
        c.data = data;
        c.shopConfigs = shopConfigs;
        c.outboxInterval = outboxInterval;
        c.schedulerInterval = schedulerInterval;
        c.clock = clock;
        c.processorInterceptors = processorInterceptors;
        c.intakeInterceptors = intakeInterceptors;
        c.events = events;
        c.intakeLog = intakeLog;
        c.shop = shop;
        c.poller = poller;
        c.processorWrapper = processorWrapper;
        c.sandboxFilter = sandboxFilter;
        c.routesFilter = routesFilter;
        c.configCache = configCache;
        c.restClients = restClients;
        c.demoSettings = demoSettings;
        c.inBatchConcurrency = inBatchConcurrency;
        return c;
    }

    public LocalOptions host(String h) { LocalOptions c = copy(); c.host = h; return c; }
    public LocalOptions port(int p) { LocalOptions c = copy(); c.port = p; return c; }
    public LocalOptions data(Path d) { LocalOptions c = copy(); c.data = d; return c; }
    public LocalOptions shopConfigs(List<Path> files) { LocalOptions c = copy(); c.shopConfigs = List.copyOf(files); return c; }
    public LocalOptions outboxInterval(Duration d) { LocalOptions c = copy(); c.outboxInterval = d; return c; }
    public LocalOptions schedulerInterval(Duration d) { LocalOptions c = copy(); c.schedulerInterval = d; return c; }
    public LocalOptions clock(Clock k) { LocalOptions c = copy(); c.clock = k; return c; }
    public LocalOptions processorInterceptors(ExecutionInterceptor... i) {
        LocalOptions c = copy(); c.processorInterceptors = List.of(i); return c;
    }
    /** On the receiver's and the admin's DynamoDB client (a benchmark counts its requests). */
    public LocalOptions intakeInterceptors(ExecutionInterceptor... i) {
        LocalOptions c = copy(); c.intakeInterceptors = List.of(i); return c;
    }
    public LocalOptions events(EventLog e) { LocalOptions c = copy(); c.events = e; return c; }
    public LocalOptions intakeLog(IntakeLog l) { LocalOptions c = copy(); c.intakeLog = l; return c; }
    public LocalOptions shop(UnaryOperator<ShopSimulator.Builder> s) { LocalOptions c = copy(); c.shop = s; return c; }
    public LocalOptions poller(UnaryOperator<StreamPoller.Builder> p) { LocalOptions c = copy(); c.poller = p; return c; }
    public LocalOptions processorWrapper(UnaryOperator<Function<DynamodbEvent, StreamsEventResponse>> w) {
        LocalOptions c = copy(); c.processorWrapper = w; return c;
    }
    public LocalOptions sandboxFilter(Filter f) { LocalOptions c = copy(); c.sandboxFilter = f; return c; }
    public LocalOptions routesFilter(Filter f) { LocalOptions c = copy(); c.routesFilter = f; return c; }
    public LocalOptions configCache(Duration d) { LocalOptions c = copy(); c.configCache = d; return c; }
    public LocalOptions restClients(ShopClients.RestClientFactory f) { LocalOptions c = copy(); c.restClients = f; return c; }
    public LocalOptions demoSettings(ShopSettings s) { LocalOptions c = copy(); c.demoSettings = s; return c; }
    public LocalOptions inBatchConcurrency(int n) { LocalOptions c = copy(); c.inBatchConcurrency = n; return c; }

    public String host() { return host; }
    public int port() { return port; }
    public Path data() { return data; }
    public List<Path> shopConfigs() { return shopConfigs; }
    public Duration outboxInterval() { return outboxInterval; }
    public Duration schedulerInterval() { return schedulerInterval; }
}
