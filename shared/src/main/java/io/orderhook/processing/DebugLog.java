package io.orderhook.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.DebugLogStore.LogEntry;

/**
 * Times the provider and shop calls of one order and, when the shop's {@code debugLog}
 * setting is on, keeps a redacted entry per call to be written with the next state write.
 * When the setting is off it still runs the calls and keeps nothing.
 */
public final class DebugLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String shopId;
    private final String orderId;
    private final ShopSettings settings;
    private final Clock clock;
    private final List<LogEntry> entries = new ArrayList<>();

    public DebugLog(String shopId, String orderId, ShopSettings settings, Clock clock) {
        this.shopId = shopId;
        this.orderId = orderId;
        this.settings = settings;
        this.clock = clock;
    }

    public boolean enabled() {
        return settings.debugLog();
    }

    /** Runs {@code action}, recording the request, its answer and how long it took. */
    public <T> T call(String step, String call, Map<String, Object> request, Supplier<T> action,
            Function<T, Map<String, Object>> describe, Function<T, String> outcome) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        T result = action.get();
        if (enabled()) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            entries.add(DebugLogStore.entry(shopId, orderId, start, settings.debugLogTtlDays(), step, call,
                    json(request), json(describe.apply(result)), took, outcome.apply(result)));
        }
        return result;
    }

    public ProviderResult provider(String step, String call, Map<String, Object> request, Supplier<ProviderResult> action) {
        return call(step, call, request, action, DebugLog::describe, DebugLog::outcome);
    }

    public <T> ShopResult<T> shop(String step, String call, Map<String, Object> request, Supplier<ShopResult<T>> action) {
        return call(step, call, request, action, DebugLog::describe, DebugLog::outcome);
    }

    /** A decision without a call (why a webhook was ignored). */
    public void decision(String step, String decision, String reason) {
        if (enabled()) {
            entries.add(DebugLogStore.entry(shopId, orderId, clock.instant(), settings.debugLogTtlDays(), step,
                    "reconcile", null, json(Map.of("decision", decision, "reason", reason)), Duration.ZERO, decision));
        }
    }

    public boolean hasEntries() {
        return !entries.isEmpty();
    }

    /** The entries kept since the last drain; they are written with the next write. */
    public List<LogEntry> drain() {
        List<LogEntry> out = List.copyOf(entries);
        entries.clear();
        return out;
    }

    static Map<String, Object> describe(ProviderResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (result.kind()) {
            case DONE -> {
                ProviderResult.Done d = (ProviderResult.Done) result;
                out.put("result", d.alreadyDone() ? "already-done" : "done");
                out.put("number", d.providerNumber());
                if (d.info() != null) {
                    out.put("status", d.info().providerStatus());
                    out.put("total", d.info().totalWithTax());
                    out.put("credited", d.info().creditedWithTax());
                }
            }
            case REFUSED -> {
                ProviderResult.Refused r = (ProviderResult.Refused) result;
                out.put("result", "refused");
                out.put("code", r.code());
                out.put("message", r.message());
            }
            case TRANSIENT -> {
                ProviderResult.Transient t = (ProviderResult.Transient) result;
                out.put("result", "transient");
                out.put("reason", t.reason());
                out.put("outcomeUnknown", t.outcomeUnknown());
            }
        }
        return out;
    }

    static String outcome(ProviderResult result) {
        return switch (result.kind()) {
            case DONE -> "done";
            case REFUSED -> "refused";
            case TRANSIENT -> ((ProviderResult.Transient) result).outcomeUnknown() ? "outcome-unknown" : "transient";
        };
    }

    static Map<String, Object> describe(ShopResult<?> result) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (result.kind()) {
            case OK -> {
                out.put("result", "ok");
                if (((ShopResult.Ok<?>) result).value() instanceof String id) {
                    out.put("id", id);
                }
            }
            case REJECTED -> {
                ShopResult.Rejected<?> r = (ShopResult.Rejected<?>) result;
                out.put("result", "rejected");
                out.put("httpStatus", r.httpStatus());
                out.put("code", r.code());
                out.put("message", r.message());
            }
            case UNAVAILABLE -> {
                out.put("result", "unavailable");
                out.put("reason", ((ShopResult.Unavailable<?>) result).reason());
            }
        }
        return out;
    }

    static String outcome(ShopResult<?> result) {
        return switch (result.kind()) {
            case OK -> "ok";
            case REJECTED -> "rejected";
            case UNAVAILABLE -> "unavailable";
        };
    }

    private static String json(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
