package io.orderhook.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.orderhook.admin.AdminInput.BadRequest;

/**
 * A request's query string ({@code orderId=12&paymentStatus=failed}) as named values. A name given
 * twice is refused rather than one of its values picked silently: API Gateway passes both on, and
 * a filter that quietly ignored one would show the operator the wrong orders.
 */
record QueryParameters(Map<String, String> values) {
    static final QueryParameters NONE = new QueryParameters(Map.of());

    static QueryParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isBlank()) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.putIfAbsent(name, value) != null) {
                throw new BadRequest("the query names '" + AdminInput.printable(name) + "' twice; give it once");
            }
        }
        return new QueryParameters(Map.copyOf(values));
    }

    /** The value given for {@code name}; empty when it is missing or blank (a cleared search box). */
    Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not URL-encoded: " + e.getMessage());
        }
    }
}
