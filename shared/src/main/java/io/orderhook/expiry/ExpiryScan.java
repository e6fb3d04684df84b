package io.orderhook.expiry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.processing.ShopConnections;
import io.orderhook.schedule.OrderWake;
import io.orderhook.schedule.ScheduledJob;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.InboxStore;
import io.orderhook.store.LapsingOrders;
import io.orderhook.store.LapsingOrders.Lapsing;
import io.orderhook.store.ShopConfigStore;

/**
 * Finds reserved, uncaptured orders whose authorisation is about to lapse or has lapsed, and wakes
 * each (reads it from the shop into the inbox) so that the processor extends, warns or records the
 * lapse ({@code LapseWatch}) in order with the order's other changes. Per shop, two queries of the
 * {@code expiry} index return only what needs attention: orders not yet warned whose warning time
 * has come, and warned ones. So the scan is cheap enough to run at the scheduler's cadence (every
 * five minutes in AWS) rather than once a day behind a guard, and a warning comes within minutes of
 * its time.
 *
 * <p>Counts: {@value #LAPSING} orders woken for their warning or extension, {@value #LAPSED} woken for
 * their lapse, {@value #WARNED} orders warned and still not captured (the alarm's metric; each is
 * named among the report's problems with its lapse time until it is captured, cancelled or lapsed).
 */
public final class ExpiryScan implements ScheduledJob {
    public static final String NAME = "expiry-scan";
    public static final String LAPSING = "lapsing";
    public static final String LAPSED = "lapsed";
    public static final String WARNED = "warned";
    public static final String SOURCE = "expiry-scan";

    private final ShopConfigStore configs;
    private final LapsingOrders lapsing;
    private final OrderWake wake;

    public ExpiryScan(ShopConfigStore configs, LapsingOrders lapsing, ShopConnections connections, InboxStore inbox) {
        this.configs = configs;
        this.lapsing = lapsing;
        this.wake = new OrderWake(connections, inbox);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Instant now) {
        Map<String, Long> counts = OrderWake.zeroCounts(LAPSING, LAPSED, WARNED);
        List<String> problems = new ArrayList<>();
        for (String shopId : configs.shopIds()) {
            try {
                Optional<ShopConfig> config = configs.find(shopId);
                if (config.isPresent()) {
                    scan(config.get(), now, counts, problems);
                }
            } catch (RuntimeException e) {
                // One shop's trouble (its secret, its shop client) never stops the others.
                problems.add("shop " + shopId + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new Report(NAME, counts, problems);
    }

    private void scan(ShopConfig config, Instant now, Map<String, Long> counts, List<String> problems) {
        CaptureSettings capture = config.settings().capture();
        // Woken at most once an hour for the same reason: a wake the processor could not act on is tried again.
        String hour = "-" + now.truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        for (Lapsing order : lapsing.list(config.shopId(), false, now.plus(Duration.ofDays(capture.expiryWarningDays())))) {
            boolean lapsed = !now.isBefore(order.lapsesAt());
            counts.merge(lapsed ? LAPSED : LAPSING, 1L, Long::sum);
            wake(config, order, lapsed ? "lapse" : "warn", hour, now, counts, problems);
        }
        for (Lapsing order : lapsing.list(config.shopId(), true, null)) {
            if (!now.isBefore(order.lapsesAt())) {
                counts.merge(LAPSED, 1L, Long::sum);
                wake(config, order, "lapse", hour, now, counts, problems);
            } else {
                counts.merge(WARNED, 1L, Long::sum);
                problems.add("order " + order.orderId() + " of shop " + order.shopId() + " is not captured and its authorisation"
                        + " lapses at " + order.lapsesAt() + " (warned from "
                        + AuthorisationExpiry.warnFrom(order.lapsesAt(), capture) + ")");
            }
        }
    }

    private void wake(ShopConfig config, Lapsing order, String stage, String hour, Instant now, Map<String, Long> counts,
            List<String> problems) {
        String outcome;
        try {
            outcome = wake.wake(config, order.orderId(), SOURCE, "-expiry-" + stage + "-" + order.lapsesAt().toEpochMilli() + hour,
                    "its authorisation's lapse", now, problems);
        } catch (RuntimeException e) {
            problems.add("order " + order.orderId() + " of shop " + order.shopId() + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            outcome = OrderWake.NOT_READ;
        }
        counts.merge(outcome, 1L, Long::sum);
    }
}
