package io.orderhook.intake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the receiver answers a delivery, as types: the handler maps each to an HTTP response
 * and cannot forget a case. Every 2xx keeps the WooCommerce webhook enabled; WooCommerce
 * disables a webhook after repeated non-2xx answers and never retries one.
 */
public sealed interface IntakeOutcome {

    int httpStatus();

    /** The short name in the response's {@code status} field and in the log. */
    String status();

    /** Why, for outcomes that need explaining; {@code null} otherwise. */
    default String reason() {
        return null;
    }

    /** The JSON response body as a map: {@code {"status": ..., "reason": ...}}. */
    default Map<String, String> responseBody() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", status());
        if (reason() != null) {
            body.put("reason", reason());
        }
        return body;
    }

    /** WooCommerce's ping when a webhook is created or activated: only an exact 200 passes. */
    record Ping() implements IntakeOutcome {
        public int httpStatus() { return 200; }
        public String status() { return "ping"; }
    }

    /** Stored in the inbox; the processor takes it from the stream. */
    record Accepted(String orderId, String sortKey, boolean compressed) implements IntakeOutcome {
        public int httpStatus() { return 200; }
        public String status() { return "accepted"; }
    }

    /** The same delivery (order, date_modified_gmt, body) is already in the inbox. */
    record Duplicate(String orderId) implements IntakeOutcome {
        public int httpStatus() { return 200; }
        public String status() { return "duplicate"; }
    }

    /**
     * Signed and well-formed, but about something orderhook does not manage (a product or
     * customer webhook pointed here): answered 200 so the webhook stays enabled, not stored.
     * The reason goes to the log only; the response is exactly {@code {"status":"ignored"}}.
     */
    record Ignored(String why) implements IntakeOutcome {
        public int httpStatus() { return 200; }
        public String status() { return "ignored"; }
    }

    /** Signed but not something we can take in: kept in quarantine with the raw body. */
    record Quarantined(String reason, String sortKey) implements IntakeOutcome {
        public int httpStatus() { return 202; }
        public String status() { return "quarantined"; }
    }

    record Unauthorized(String reason) implements IntakeOutcome {
        public int httpStatus() { return 401; }
        public String status() { return "unauthorized"; }
    }

    record UnknownShop(String reason) implements IntakeOutcome {
        public int httpStatus() { return 404; }
        public String status() { return "unknown-shop"; }
    }

    record TooLarge(String reason) implements IntakeOutcome {
        public int httpStatus() { return 413; }
        public String status() { return "too-large"; }
    }

    /** Our fault (DynamoDB unavailable): the delivery was not stored. */
    record Failed(String reason) implements IntakeOutcome {
        public int httpStatus() { return 503; }
        public String status() { return "error"; }
    }
}
