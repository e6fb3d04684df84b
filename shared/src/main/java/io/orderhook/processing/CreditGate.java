package io.orderhook.processing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import io.orderhook.credit.CreditAccounts;
import io.orderhook.credit.CreditCheck;
import io.orderhook.credit.CreditDecision;
import io.orderhook.credit.CreditSettings;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.ShopConfig;
import io.orderhook.store.CreditCheckStore;
import io.orderhook.store.ExposureStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;

/**
 * Credit ordering's hold on an order of a credit payment method, before anything else is done
 * with it. The first sight records the status the order came with and sets the pending status
 * (the customer is told); the next delivery (orderhook's own status change brings one, the
 * due-retries job another) looks the account up once, decides ({@link CreditDecision}), reserves
 * the order in the customer's exposure ({@link ExposureStore}) and sets the natural or the failed
 * status. A lookup error keeps the order pending and is tried again with backoff; a merchant who
 * moves the order on by hand while it is pending wins.
 */
public final class CreditGate {
    /** Statuses of an order that is not (or no longer) waiting to be accepted: nothing to check. */
    private static final Set<String> NOT_CHECKED = Set.of("pending", "checkout-draft", "completed", "cancelled",
            "refunded", "failed", "trash");
    /** Statuses after which a passed order is no longer open credit. */
    private static final Set<String> CLOSED = Set.of("completed", "cancelled", "refunded", "trash");
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final CreditCheckStore checks;
    private final ExposureStore exposures;
    private final NoteStore notes;
    private final ShopConnections connections;
    private final BiFunction<ShopConfig, String, CreditAccounts> accounts;
    private final CreditAlerts alerts;
    private final Clock clock;
    private final EventLog events;

    /**
     * @param accounts the credit accounts of a shop's configuration, for an order in the given currency
     */
    public CreditGate(CreditCheckStore checks, ExposureStore exposures, NoteStore notes, ShopConnections connections,
            BiFunction<ShopConfig, String, CreditAccounts> accounts, CreditAlerts alerts, Clock clock, EventLog events) {
        this.checks = checks;
        this.exposures = exposures;
        this.notes = notes;
        this.connections = connections;
        this.accounts = accounts;
        this.alerts = alerts;
        this.clock = clock;
        this.events = events;
    }

    /**
     * What the gate did with the order.
     *
     * @param holds  the gate dealt with the order (nothing else is done with this record)
     * @param retry  the record must come again (another run wrote the check meanwhile)
     * @param detail why, for the event log
     */
    public record Verdict(boolean holds, boolean retry, String detail) {
        static final Verdict PASS_ON = new Verdict(false, false, null);

        static Verdict held(String detail) {
            return new Verdict(true, false, detail);
        }

        static Verdict retry(String detail) {
            return new Verdict(true, true, detail);
        }
    }

    public Verdict screen(ShopConfig config, OrderSnapshot snapshot) {
        CreditSettings settings = config.settings().credit();
        if (!config.settings().orderManagementEnabled() || !settings.checks(snapshot.paymentMethod())) {
            return Verdict.PASS_ON;
        }
        Optional<CreditCheck> found = checks.find(config.shopId(), snapshot.orderId());
        if (found.isEmpty()) {
            return NOT_CHECKED.contains(snapshot.status()) || settings.failedStatus().equals(snapshot.status())
                    ? Verdict.PASS_ON : start(config, settings, snapshot);
        }
        CreditCheck check = found.get();
        return switch (check.state()) {
            case PENDING -> pending(config, settings, snapshot, check);
            case PASSED -> released(check, snapshot);
            case FAILED -> {
                if (!List.of(settings.failedStatus(), OrderStatuses.ON_HOLD, settings.pendingStatus()).contains(snapshot.status())) {
                    checks.clearFailed(config.shopId(), snapshot.orderId());
                }
                yield Verdict.PASS_ON;
            }
            case OVERRIDDEN -> Verdict.PASS_ON;
        };
    }

    private Verdict start(ShopConfig config, CreditSettings settings, OrderSnapshot snapshot) {
        Instant now = clock.instant();
        String natural = snapshot.status().equals(settings.pendingStatus()) ? OrderStatuses.PROCESSING : snapshot.status();
        CreditCheck check = CreditCheck.start(config.shopId(), snapshot.orderId(), natural, customerKey(snapshot),
                snapshot.total(), snapshot.currency(), now);
        List<Note> started = new ArrayList<>();
        if (!snapshot.status().equals(settings.pendingStatus())) {
            started.add(note(config.shopId(), snapshot, CreditText.started(settings.pendingStatus(), natural), Level.INFO,
                    settings.pendingStatus()));
        }
        started.add(customerNote(config.shopId(), snapshot, settings.pendingNoteFor(snapshot.orderNumber())));
        if (checks.save(check, started).isEmpty()) {
            return Verdict.retry("the credit check was started by another run");
        }
        deliver(config, snapshot, started);
        events.event(config.shopId(), snapshot.orderId(), "credit-check", "started", "natural status " + natural);
        return Verdict.held("credit check started: the order waits in " + settings.pendingStatus());
    }

    private Verdict pending(ShopConfig config, CreditSettings settings, OrderSnapshot snapshot, CreditCheck check) {
        Instant now = clock.instant();
        String status = snapshot.status();
        if (!List.of(check.naturalStatus(), settings.pendingStatus(), OrderStatuses.ON_HOLD).contains(status)) {
            List<Note> told = List.of(note(config.shopId(), snapshot, CreditText.overridden(status), Level.WARNING, null));
            if (checks.save(check.overridden(status, now), told).isEmpty()) {
                return Verdict.retry("the credit check changed meanwhile");
            }
            deliver(config, snapshot, told);
            events.event(config.shopId(), snapshot.orderId(), "credit-check", "overridden", status);
            return Verdict.PASS_ON;
        }
        if (!check.lookupDue(now)) {
            return Verdict.held("credit check pending: the next lookup is due at " + check.dueAt());
        }
        Optional<CreditCheck> claimed = checks.save(check.lookingUp(now.plus(backoff(check.lookups() + 1))), List.of());
        if (claimed.isEmpty()) {
            return Verdict.held("credit check pending: another run is looking the account up");
        }
        CreditAccounts.Lookup lookup = inOrderCurrency(accounts.apply(config, snapshot.currency())
                .lookup(snapshot.customer().email()), snapshot.currency());
        return switch (lookup.kind()) {
            case FAILED -> lookupFailed(config, settings, snapshot, claimed.get(), ((CreditAccounts.Lookup.Failed) lookup).reason());
            case NO_ACCOUNT -> decide(config, settings, snapshot, claimed.get(), CreditDecision.noAccount());
            case FOUND -> decide(config, settings, snapshot, claimed.get(),
                    reserve(config, claimed.get(), ((CreditAccounts.Lookup.Found) lookup).account()));
        };
    }

    /** The verdict on the account, the order reserved in the exposure when it passes. */
    private CreditDecision reserve(ShopConfig config, CreditCheck check, CreditAccounts.Account account) {
        long exposure = exposures.exposure(config.shopId(), check.customerKey());
        for (int attempt = 0; attempt < 3; attempt++) {
            CreditDecision decision = CreditDecision.of(account, exposure, check.total());
            if (!decision.passed()) {
                return decision;
            }
            ExposureStore.Reservation r = exposures.reserve(config.shopId(), check.customerKey(), check.orderId(),
                    check.total(), account.limit() - account.balance() - check.total());
            if (r.reserved()) {
                return CreditDecision.of(account, r.exposure(), check.total());
            }
            exposure = r.exposure();
        }
        return CreditDecision.of(account, exposure, check.total());
    }

    private Verdict decide(ShopConfig config, CreditSettings settings, OrderSnapshot snapshot, CreditCheck check,
            CreditDecision decision) {
        CreditCheck decided = check.decided(decision, clock.instant());
        List<Note> told = new ArrayList<>();
        if (decision.passed()) {
            told.add(note(config.shopId(), snapshot, CreditText.passed(decision.figures(), snapshot.currency(), check.naturalStatus()),
                    Level.INFO, changeTo(snapshot, check.naturalStatus())));
        } else {
            String url = settings.payAnotherWay() && snapshot.paymentUrl() != null && !snapshot.paymentUrl().isBlank()
                    ? snapshot.paymentUrl() : null;
            told.add(note(config.shopId(), snapshot, CreditText.failedForMerchant(decision.reasons(), decision.figures(), snapshot.currency(),
                    settings.failedStatus(), url != null), Level.ERROR, changeTo(snapshot, settings.failedStatus())));
            told.add(customerNote(config.shopId(), snapshot, CreditText.failedForCustomer(snapshot.orderNumber(), decision.reasons(),
                    decision.figures(), snapshot.currency(), url)));
        }
        if (checks.save(decided, told).isEmpty()) {
            if (decision.passed()) {
                exposures.release(config.shopId(), check.customerKey(), check.orderId(), check.total());
            }
            return Verdict.retry("the credit check changed while the account was looked up");
        }
        if (!decision.passed()) {
            alerts.failed(config.shopId(), decision.reasons());
        }
        deliver(config, snapshot, told);
        String outcome = decision.passed() ? "passed" : "failed";
        events.event(config.shopId(), snapshot.orderId(), "credit-check", outcome,
                decision.reasons().stream().map(CreditDecision.Reason::wireName).toList().toString());
        return Verdict.held("credit check " + outcome);
    }

    private Verdict lookupFailed(ShopConfig config, CreditSettings settings, OrderSnapshot snapshot, CreditCheck check,
            String reason) {
        // Told once: the merchant learns the check is delayed, not every retry.
        List<Note> told = check.lookups() == 1
                ? List.of(note(config.shopId(), snapshot, CreditText.lookupFailed(reason, settings.pendingStatus(), check.dueAt()), Level.WARNING, null))
                : List.of();
        if (checks.save(check.lookupFailed(reason), told).isEmpty()) {
            return Verdict.retry("the credit check changed while the account was looked up");
        }
        deliver(config, snapshot, told);
        events.event(config.shopId(), snapshot.orderId(), "credit-check", "lookup-failed", reason + "; next at " + check.dueAt());
        return Verdict.held("credit check pending: the lookup failed and is tried again at " + check.dueAt());
    }

    /** A passed order that is no longer open (completed, cancelled, refunded) leaves the customer's exposure. */
    private Verdict released(CreditCheck check, OrderSnapshot snapshot) {
        if (check.reserved() && CLOSED.contains(snapshot.status())) {
            exposures.release(check.shopId(), check.customerKey(), check.orderId(), check.total());
            if (checks.save(check.released(), List.of()).isEmpty()) {
                return Verdict.retry("the credit check changed meanwhile");
            }
            events.event(check.shopId(), check.orderId(), "credit-check", "released", snapshot.status());
        }
        return Verdict.PASS_ON;
    }

    /** An account kept in another currency cannot be compared with the order: a lookup error the merchant must settle. */
    private static CreditAccounts.Lookup inOrderCurrency(CreditAccounts.Lookup lookup, String currency) {
        if (lookup instanceof CreditAccounts.Lookup.Found found && found.account().currency() != null
                && !found.account().currency().equalsIgnoreCase(currency)) {
            return new CreditAccounts.Lookup.Failed("the customer's account is kept in " + found.account().currency()
                    + " and the order is in " + currency + "; decide the order by hand");
        }
        return lookup;
    }

    private static String changeTo(OrderSnapshot snapshot, String status) {
        return status.equals(snapshot.status()) ? null : status;
    }

    static Duration backoff(int lookup) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(lookup - 1, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private Note note(String shopId, OrderSnapshot snapshot, String text, Level level, String setStatus) {
        Instant now = clock.instant();
        // The status is set only while the order still has the status this decision was made on.
        return Note.create(shopId, snapshot.orderId(), now, text, level, false, setStatus,
                setStatus == null ? null : snapshot.status(), Map.of(), now.plus(OrderProcessor.OUTBOX_GRACE));
    }

    private Note customerNote(String shopId, OrderSnapshot snapshot, String text) {
        Instant now = clock.instant();
        return Note.create(shopId, snapshot.orderId(), now, text, Level.INFO, true, null, null, Map.of(),
                now.plus(OrderProcessor.OUTBOX_GRACE));
    }

    /** Sends the notes now; what the shop does not take, the outbox sends later. */
    private void deliver(ShopConfig config, OrderSnapshot snapshot, List<Note> told) {
        if (told.isEmpty()) {
            return;
        }
        DebugLog debug = new DebugLog(config.shopId(), snapshot.orderId(), config.settings(), clock);
        try {
            notes.record(NoteDelivery.deliverInGrace(connections.shop(config), told, debug, clock), debug.drain());
        } catch (RuntimeException e) {
            events.event(config.shopId(), snapshot.orderId(), "note", "left-to-outbox", e.getClass().getSimpleName());
        }
    }

    /** The customer's exposure key: a hash of the billing e-mail, so no address is ever a key. */
    static String customerKey(OrderSnapshot snapshot) {
        String email = snapshot.customer().email().trim().toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
