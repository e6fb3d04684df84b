package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;
import static io.orderhook.admin.AdminInput.longField;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.json.Json;
import io.orderhook.shop.CaptureSettings;

/**
 * The {@code capture} object of a settings change: only the fields it names, each checked.
 * {@code {"capture": {"trigger": "request", "metaKey": "_orderhook_capture", "expiryWarningDays": 2,
 * "extendAllowed": true}}}.
 */
final class CaptureSettingsChange {
    static final String FIELD = "capture";
    private static final Set<String> FIELDS = Set.of("trigger", "metaKey", "expiryWarningDays", "extendAllowed");
    /** WordPress meta keys as plugins name them; orderhook's outcome key adds "_outcome". */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,90}");

    private CaptureSettingsChange() {}

    static CaptureSettings apply(CaptureSettings current, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("capture must be an object such as {\"trigger\": \"request\"}");
        }
        AdminInput.requireOnly(change, FIELDS, "capture");
        CaptureSettings.Trigger trigger = current.trigger();
        if (change.has("trigger")) {
            try {
                trigger = CaptureSettings.Trigger.parse(change.get("trigger").asText());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        }
        String metaKey = current.metaKey();
        if (change.has("metaKey")) {
            metaKey = change.get("metaKey").asText();
            if (!change.get("metaKey").isTextual() || !META_KEY.matcher(metaKey).matches()) {
                throw new BadRequest("capture.metaKey must be an order meta key of 1 to 90 letters, digits, _ or -, not "
                        + change.get("metaKey"));
            }
        }
        int days = current.expiryWarningDays();
        if (change.has("expiryWarningDays")) {
            long given = longField(change, "expiryWarningDays");
            if (given < 0 || given > 30) {
                throw new BadRequest("capture.expiryWarningDays must be 0 to 30, not " + given);
            }
            days = (int) given;
        }
        boolean extend = change.has("extendAllowed") ? boolField(change, "extendAllowed") : current.extendAllowed();
        return new CaptureSettings(trigger, metaKey, days, extend);
    }

    static ObjectNode json(CaptureSettings c) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("trigger", c.trigger().wireName());
        out.put("metaKey", c.metaKey());
        out.put("expiryWarningDays", c.expiryWarningDays());
        out.put("extendAllowed", c.extendAllowed());
        return out;
    }
}
