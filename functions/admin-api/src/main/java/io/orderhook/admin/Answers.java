package io.orderhook.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminApi.Answer;
import io.orderhook.json.Json;

/** The admin API's answers: 200 with a JSON object, or an error as {@code {"status": kind, "reason": ...}}. */
final class Answers {
    private Answers() {}

    static Answer ok(ObjectNode body) {
        return new Answer(200, Json.write(body));
    }

    static Answer of(int status, ObjectNode body) {
        return new Answer(status, Json.write(body));
    }

    static Answer error(int status, String kind, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", kind);
        body.put("reason", reason);
        return new Answer(status, Json.write(body));
    }

    static Answer unknownShop(String shopId) {
        return error(404, "unknown-shop", "no shop '" + shopId + "' is configured in orderhook");
    }
}
