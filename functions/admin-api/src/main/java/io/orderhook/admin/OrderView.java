package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.printable;
import static io.orderhook.admin.AdminInput.requireShopId;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.credit.CreditCheck;
import io.orderhook.json.Json;
import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.PaymentStatus;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.store.CreditCheckStore;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.LedgerStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.ShopConfigStore;

/**
 * {@code GET /admin/shops/{shopId}/orders/{orderId}}: what orderhook recorded of an order, its
 * state, its notes with their delivery to the shop, and its debug log. Money in minor units (öre,
 * cents), as everywhere in orderhook.
 */
final class OrderView {
    private static final Pattern ORDER_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final ShopConfigStore shops;
    private final OrderStateStore states;
    private final NoteStore notes;
    private final DebugLogStore logs;
    private final LedgerStore ledger;
    private final CreditCheckStore credit;

    OrderView(ShopConfigStore shops, OrderStateStore states, NoteStore notes, DebugLogStore logs, LedgerStore ledger,
            CreditCheckStore credit) {
        this.shops = shops;
        this.states = states;
        this.notes = notes;
        this.logs = logs;
        this.ledger = ledger;
        this.credit = credit;
    }

    Answer order(String shopId, String orderId) {
        requireShopId(shopId);
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequest("order id '" + printable(orderId) + "' is not a WooCommerce order number");
        }
        if (shops.find(shopId).isEmpty()) {
            return Answers.unknownShop(shopId);
        }
        Optional<OrderState> state = states.load(shopId, orderId);
        List<NoteStore.Note> orderNotes = notes.forOrder(shopId, orderId);
        List<DebugLogStore.LogEntry> entries = logs.forOrder(shopId, orderId);
        List<LedgerEntry> payments = ledger.forOrder(shopId, orderId);
        Optional<CreditCheck> check = credit.find(shopId, orderId);
        if (state.isEmpty() && check.isEmpty() && orderNotes.isEmpty() && entries.isEmpty() && payments.isEmpty()) {
            return Answers.error(404, "not-found", "orderhook has recorded nothing for order " + orderId + " of shop "
                    + shopId + " yet: no webhook for it was processed (check the shop's webhook deliveries and the quarantine)");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("orderId", orderId);
        out.set("paymentStatus", paymentStatusJson(PaymentStatus.of(payments,
                state.map(OrderState::orderStatus).orElse(null), state.map(s -> s.retry() != null).orElse(false))));
        ArrayNode ledgerArray = out.putArray("ledger");
        payments.forEach(entry -> ledgerArray.add(ledgerJson(entry)));
        out.set("state", state.map(OrderView::stateJson).orElse(null));
        out.set("creditCheck", check.map(CreditCheckJson::of).orElse(null));
        ArrayNode noteArray = out.putArray("notes");
        orderNotes.forEach(note -> noteArray.add(noteJson(note)));
        ArrayNode logArray = out.putArray("debugLog");
        entries.forEach(entry -> logArray.add(logJson(entry)));
        return Answers.ok(out);
    }

    static ObjectNode stateJson(OrderState s) {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("reservation", s.reservation().name().toLowerCase(Locale.ROOT));
        state.put("paymentNumber", s.paymentNumber());
        state.put("lastModifiedGmt", s.lastModifiedGmt() == null ? null : s.lastModifiedGmt().toString());
        state.put("orderStatus", s.orderStatus());
        state.put("syncedTotal", s.syncedTotal());
        state.put("activatedTotal", s.activatedTotal());
        state.put("activationNumber", s.activationNumber());
        ArrayNode refunds = state.putArray("creditedRefundIds");
        s.creditedRefundIds().forEach(refunds::add);
        state.put("creditedAmount", s.creditedAmount());
        ArrayNode gateway = state.putArray("gatewayRefundIds");
        s.gatewayRefundIds().forEach(gateway::add);
        state.put("undecidedCredit", s.undecidedCredit());
        state.put("remainingToRefund", s.remainingCaptured());
        ObjectNode byRate = state.putObject("creditedByRate");
        s.creditedSplit().byRate().forEach((rate, part) -> byRate.putObject(rate.toPlainString())
                .put("net", part.net()).put("tax", part.tax()));
        if (s.pending() == null) {
            state.putNull("pending");
        } else {
            ObjectNode pending = state.putObject("pending");
            pending.put("step", s.pending().step().kind().wireName());
            pending.put("key", s.pending().step().key());
            pending.put("outcomeUnknown", s.pending().outcomeUnknown());
            pending.put("startedAt", s.pending().startedAt() == null ? null : s.pending().startedAt().toString());
        }
        state.put("writtenStatus", s.writtenStatus());
        state.put("lapsesAt", s.lapsesAt() == null ? null : s.lapsesAt().toString());
        if (s.retry() == null) {
            state.putNull("retry");
        } else {
            ObjectNode retry = state.putObject("retry");
            retry.put("step", s.retry().kind().wireName());
            retry.put("tries", s.retry().tries());
            retry.put("nextTryAt", s.retry().dueAt().toString());
            retry.put("softStatus", s.retry().softStatus());
            retry.put("restoreStatus", s.retry().restoreStatus());
        }
        state.put("version", s.version());
        return state;
    }

    static ObjectNode paymentStatusJson(PaymentStatus status) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("status", status.status().wireName());
        p.put("group", status.group().name().toLowerCase(Locale.ROOT));
        p.put("captured", status.captured());
        p.put("refunded", status.refunded());
        p.put("reserved", status.reserved());
        return p;
    }

    static ObjectNode ledgerJson(LedgerEntry e) {
        ObjectNode l = Json.MAPPER.createObjectNode();
        l.put("at", e.at().toString());
        l.put("operation", e.operation().wireName());
        l.put("amount", e.amount());
        l.put("currency", e.currency());
        l.put("result", e.result().wireName());
        l.put("code", e.code());
        l.put("reference", e.reference());
        l.put("step", e.stepKey());
        l.put("refundId", e.refundId());
        l.put("provider", e.provider());
        l.put("detail", e.detail());
        return l;
    }

    static ObjectNode noteJson(NoteStore.Note note) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("at", note.createdAt().toString());
        n.put("text", note.text());
        n.put("level", note.level().name().toLowerCase(Locale.ROOT));
        n.put("customerNote", note.customerNote());
        n.put("setStatus", note.setStatus());
        n.put("delivery", note.delivered() ? "delivered" : note.rejected() ? "rejected" : "pending");
        n.put("attempts", note.attempts());
        n.put("nextAttemptAt", note.awaitingDelivery() && note.nextAttemptAt() != null ? note.nextAttemptAt().toString() : null);
        n.put("shopNoteId", note.shopNoteId());
        n.put("lastError", note.lastError());
        return n;
    }

    static ObjectNode logJson(DebugLogStore.LogEntry entry) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("at", entry.at().toString());
        e.put("step", entry.step());
        e.put("call", entry.call());
        e.put("outcome", entry.outcome());
        e.put("durationMs", entry.durationMs());
        e.put("request", entry.request());
        e.put("response", entry.response());
        return e;
    }
}
