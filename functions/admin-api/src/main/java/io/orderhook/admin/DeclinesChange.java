package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.shop.DeclineSettings;

/**
 * The settings' {@code declines} object: a change names only the fields it changes, each checked
 * (the statuses against the capture status, as the failure status is).
 */
final class DeclinesChange {
    static final Set<String> FIELDS = Set.of("retryHours", "softStatus", "hardStatus", "reviewStatus", "payAnotherWay",
            "payAnotherWayStatus", "payAnotherWayNote");
    /** WooCommerce lets a customer pay for an order only in these statuses ({@code needs_payment}). */
    static final Set<String> PAYABLE = Set.of("pending", "failed");
    private static final int MAX_TRIES = 10;
    private static final int MAX_HOURS = 30 * 24;
    private static final int MAX_NOTE = 1000;

    private DeclinesChange() {}

    static DeclineSettings apply(DeclineSettings d, JsonNode change, String captureStatus) {
        if (!change.isObject() || change.isEmpty()) {
            throw new BadRequest("declines must be an object naming one or more of " + FIELDS.stream().sorted().toList());
        }
        for (Iterator<String> names = change.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRequest("declines." + name + " is not a setting; the settings are " + FIELDS.stream().sorted().toList());
            }
        }
        List<Integer> hours = change.has("retryHours") ? retryHours(change.get("retryHours")) : d.retryHours();
        String soft = change.has("softStatus") ? orderhookStatus(change, "softStatus", captureStatus) : d.softStatus();
        String hard = d.hardStatus();
        if (change.has("hardStatus")) {
            hard = change.get("hardStatus").isNull() ? null : orderhookStatus(change, "hardStatus", captureStatus);
        }
        String review = change.has("reviewStatus") ? orderhookStatus(change, "reviewStatus", captureStatus) : d.reviewStatus();
        boolean payAnotherWay = change.has("payAnotherWay") ? boolField(change, "payAnotherWay") : d.payAnotherWay();
        String payable = d.payAnotherWayStatus();
        if (change.has("payAnotherWayStatus")) {
            payable = change.get("payAnotherWayStatus").asText("");
            if (!PAYABLE.contains(payable)) {
                throw new BadRequest("declines.payAnotherWayStatus must be pending or failed, the statuses in which"
                        + " WooCommerce lets a customer pay an order, not " + change.get("payAnotherWayStatus"));
            }
        }
        String note = d.payAnotherWayNote();
        if (change.has("payAnotherWayNote")) {
            JsonNode text = change.get("payAnotherWayNote");
            if (!text.isTextual() || text.asText().isBlank() || text.asText().length() > MAX_NOTE
                    || !text.asText().contains("{payment_url}")) {
                throw new BadRequest("declines.payAnotherWayNote must be a text of at most " + MAX_NOTE
                        + " characters containing {payment_url} (and, if wanted, {order} and {amount})");
            }
            note = text.asText();
        }
        return new DeclineSettings(hours, soft, hard, review, payAnotherWay, payable, note);
    }

    static void write(ObjectNode settings, DeclineSettings d) {
        ObjectNode out = settings.putObject("declines");
        ArrayNode hours = out.putArray("retryHours");
        d.retryHours().forEach(hours::add);
        out.put("softStatus", d.softStatus());
        out.put("hardStatus", d.hardStatus());
        out.put("reviewStatus", d.reviewStatus());
        out.put("payAnotherWay", d.payAnotherWay());
        out.put("payAnotherWayStatus", d.payAnotherWayStatus());
        out.put("payAnotherWayNote", d.payAnotherWayNote());
    }

    private static List<Integer> retryHours(JsonNode list) {
        if (!list.isArray() || list.size() > MAX_TRIES) {
            throw new BadRequest("declines.retryHours must be a list of at most " + MAX_TRIES
                    + " waits in hours, e.g. [12, 12, 24, 48, 72]; [] turns retries off");
        }
        List<Integer> hours = new ArrayList<>();
        for (JsonNode h : list) {
            if (!h.canConvertToInt() || !h.isIntegralNumber() || h.asInt() < 1 || h.asInt() > MAX_HOURS) {
                throw new BadRequest("declines.retryHours: each wait is a whole number of hours from 1 to " + MAX_HOURS
                        + ", not " + h);
            }
            hours.add(h.asInt());
        }
        return hours;
    }

    private static String orderhookStatus(JsonNode change, String field, String captureStatus) {
        String status = SettingsChange.status(change, field);
        OrderStatuses.failureStatusProblem(status, captureStatus).ifPresent(problem -> {
            throw new BadRequest("declines." + field + ": " + problem);
        });
        return status;
    }
}
