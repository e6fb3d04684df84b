package io.orderhook.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.store.FailedOrderStore;
import io.orderhook.store.CreditCheckStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.SweepStore;
import io.orderhook.sweep.SweepState;

/**
 * {@code GET /admin/shops/{shopId}/status}: one shop's health in one answer, read from what is
 * stored: the order webhook as the last sweep found it, the last sweep, the quarantine, the notes
 * the shop has not accepted, the orders the processor gave up on, the failed credit checks the merchant has not dealt
 * with, and which of template.yaml's alarms that state would fire.
 */
final class StatusRoutes {
    /** Notes read at most, over all shops, to find this shop's pending ones. */
    private static final int NOTES_READ = 1000;
    private static final Duration NOTE_TOO_OLD = Duration.ofHours(1);
    private static final Set<String> WEBHOOK_DOWN = Set.of("disabled", "paused", "missing");

    private final ShopConfigStore shops;
    private final SweepStore sweeps;
    private final QuarantineStore quarantine;
    private final NoteStore notes;
    private final FailedOrderStore failed;
    private final Clock clock;
    private final CreditCheckStore credit;

    StatusRoutes(ShopConfigStore shops, SweepStore sweeps, QuarantineStore quarantine, NoteStore notes,
            FailedOrderStore failed, Clock clock, CreditCheckStore credit) {
        this.shops = shops;
        this.sweeps = sweeps;
        this.quarantine = quarantine;
        this.notes = notes;
        this.failed = failed;
        this.clock = clock;
        this.credit = credit;
    }

    AdminApi.Answer status(String shopId) {
        AdminInput.requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        return Answers.ok(health(shopId));
    }

    /** The shop's health as {@link #status} answers it, for a shop known to be configured. */
    ObjectNode health(String shopId) {
        SweepState sweep = sweeps.find(shopId).orElse(SweepState.never(shopId));
        int quarantined = quarantine.entries(shopId).size();
        int failedOrders = failed.count(shopId);
        List<NoteStore.Note> pending = notes.awaitingDelivery(shopId, NOTES_READ);
        List<CreditCheckStore.FailedCheck> failedChecks = credit.failed(shopId);
        Instant oldest = pending.stream().map(NoteStore.Note::createdAt).min(Comparator.naturalOrder()).orElse(null);

        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("webhook", sweep.webhookStatus() == null ? "not checked yet" : sweep.webhookStatus());
        out.put("webhookCheckedAt", sweep.webhookCheckedAt() == null ? null : sweep.webhookCheckedAt().toString());
        ObjectNode last = out.putObject("lastSweep");
        last.put("at", sweep.lastRunAt() == null ? null : sweep.lastRunAt().toString());
        last.put("outcome", sweep.lastOutcome());
        last.put("watermark", sweep.watermarkGmt());
        last.put("listed", sweep.lastListed());
        last.put("caughtUp", sweep.lastCaughtUp());
        last.put("caughtUpTotal", sweep.caughtUpTotal());
        out.put("quarantined", quarantined);
        out.put("failed", failedOrders);
        out.put("pendingNotes", pending.size());
        out.put("oldestPendingNoteAt", oldest == null ? null : oldest.toString());
        ArrayNode failed = out.putArray("failedCreditChecks");
        failedChecks.forEach(f -> failed.add(CreditCheckJson.failed(f)));
        ArrayNode alarms = out.putArray("alarms");
        if (sweep.webhookStatus() != null && WEBHOOK_DOWN.contains(sweep.webhookStatus())) {
            alarms.add("WebhookDisabledAlarm");
        }
        if (sweep.lastCaughtUp() > 0) {
            alarms.add("SweepCatchUpsAlarm");
        }
        if (sweep.lastOutcome() != null && !sweep.lastOutcome().equals("ok")) {
            alarms.add("SweepShopsFailedAlarm");
        }
        if (quarantined > 0) {
            alarms.add("QuarantineArrivalsAlarm");
        }
        if (failedOrders > 0) {
            alarms.add("FailedOrdersAlarm");
        }
        if (!failedChecks.isEmpty()) {
            alarms.add("CreditChecksFailedAlarm");
        }
        boolean noteTooOld = oldest != null && oldest.isBefore(clock.instant().minus(NOTE_TOO_OLD));
        if (noteTooOld) {
            alarms.add("OldNotesAlarm");
        }
        ArrayNode warnings = out.putArray("warnings");
        if (noteTooOld) {
            warnings.add("a note has waited for the shop for over an hour (since " + oldest + "): the outbox keeps trying; "
                    + "check that the shop answers its REST API");
        }
        return out;
    }
}
