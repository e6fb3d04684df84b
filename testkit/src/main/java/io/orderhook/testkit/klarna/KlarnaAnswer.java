package io.orderhook.testkit.klarna;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of the Klarna sandbox: status, body (null: none) and headers; and Klarna's error
 * body ({@code error_code}, {@code error_messages}, {@code correlation_id}), which every refusal
 * carries.
 */
record KlarnaAnswer(int status, String body, Map<String, String> headers) {

    static KlarnaAnswer noContent() {
        return new KlarnaAnswer(204, null, Map.of());
    }

    /** 200 with a JSON body. */
    static KlarnaAnswer ok(String json) {
        return new KlarnaAnswer(200, json, jsonType());
    }

    static KlarnaAnswer error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error_code", code);
        body.putArray("error_messages").add(message);
        body.put("correlation_id", UUID.randomUUID().toString());
        return new KlarnaAnswer(status, body.toString(), jsonType());
    }

    static KlarnaAnswer error(LineRules.Violation violation) {
        return error(violation.status(), violation.code(), violation.message());
    }

    /** An injected fault's answer: the status with the code Klarna's error table lists for it (reference §4). */
    static KlarnaAnswer fault(int status) {
        String code = switch (status) {
            case 409 -> "CONFLICT";
            case 413 -> "REQUEST_TOO_LARGE";
            case 429 -> "TOO_MANY_REQUESTS";
            case 500 -> "INTERNAL_SERVER_ERROR";
            case 502, 503, 504 -> "TEMPORARILY_UNAVAILABLE";
            default -> "UNEXPECTED_ERROR";
        };
        return error(status, code, "Sandbox fault " + status);
    }

    /** A gateway in front of Klarna failing: this status with an HTML page and no Klarna body. */
    static KlarnaAnswer gatewayPage(int status) {
        return new KlarnaAnswer(status, "<html><body><h1>" + status + "</h1></body></html>",
                Map.of("Content-Type", "text/html"));
    }

    private static Map<String, String> jsonType() {
        return Map.of("Content-Type", "application/json");
    }
}
