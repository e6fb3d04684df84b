package io.orderhook.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.credit.CreditCheck;
import io.orderhook.credit.CreditDecision;
import io.orderhook.json.Json;
import io.orderhook.store.CreditCheckStore;

/** An order's credit check as the admin order view and the status show it: where it stands, its inputs and result. */
final class CreditCheckJson {
    private CreditCheckJson() {}

    static ObjectNode of(CreditCheck c) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("state", c.state().wireName());
        out.put("naturalStatus", c.naturalStatus());
        out.put("total", c.total());
        out.put("currency", c.currency());
        out.put("lookups", c.lookups());
        out.put("startedAt", text(c.startedAt()));
        out.put("nextLookupAt", c.state() == CreditCheck.State.PENDING ? text(c.dueAt()) : null);
        out.put("lastError", c.lastError());
        CreditDecision.Figures f = c.figures();
        if (f == null) {
            out.putNull("figures");
        } else {
            out.putObject("figures").put("source", f.source()).put("reference", f.reference()).put("limit", f.limit())
                    .put("balance", f.balance()).put("exposure", f.exposure()).put("orderTotal", f.orderTotal())
                    .put("available", f.available()).put("onHold", f.onHold());
        }
        ArrayNode reasons = out.putArray("reasons");
        c.reasons().forEach(r -> reasons.add(r.wireName()));
        out.put("decidedAt", text(c.decidedAt()));
        out.put("endedBy", c.endedBy());
        out.put("reserved", c.reserved());
        return out;
    }

    static ObjectNode failed(CreditCheckStore.FailedCheck f) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("order", f.orderId());
        ArrayNode reasons = out.putArray("reasons");
        f.reasons().forEach(reasons::add);
        out.put("decidedAt", f.decidedAt());
        return out;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
