package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/** A request as WordPress's PHP sees it: {@code $_GET}, {@code $_POST}, the JSON body, the path below the mount. */
final class PhpRequest {
    private PhpRequest() {}

    /** {@code $_POST}: only a form-encoded body fills it; JSON bodies do not. */
    static Map<String, String> formBody(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        return parsePairs(new String(body, StandardCharsets.UTF_8));
    }

    static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return PhpJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = PhpJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.");
            }
            return node;
        } catch (IOException e) {
            ObjectNode data = PhpJson.MAPPER.createObjectNode();
            data.put("json_error_code", 4);
            data.put("json_error_message", "Syntax error");
            throw new RestError(400, "rest_invalid_json", "Invalid JSON body passed.", data);
        }
    }

    static String pathBelowContext(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        return path.startsWith(context) ? path.substring(context.length()) : path;
    }

    /** {@code $_GET}: the query string decoded as PHP does ({@code +} is a space; the last of a repeated name wins). */
    static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? new LinkedHashMap<>() : parsePairs(raw);
    }

    static Map<String, String> parsePairs(String raw) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = WooOAuth.urldecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : WooOAuth.urldecode(pair.substring(eq + 1));
            pairs.put(name, value);
        }
        return pairs;
    }
}
