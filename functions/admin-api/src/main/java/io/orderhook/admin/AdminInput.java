package io.orderhook.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;

/** Reading an admin request: each check names the field that is wrong and why ({@link BadRequest}, a 400). */
final class AdminInput {
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private AdminInput() {}

    /** What the caller got wrong; the admin API answers it as 400 with this message. */
    static final class BadRequest extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    static JsonNode parseObject(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadRequest(field + " must be given as text");
        }
        return value.asText();
    }

    static boolean boolField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw new BadRequest(field + " must be true or false, not " + value);
        }
        return value.booleanValue();
    }

    static long longField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new BadRequest(field + " must be a whole number, not " + value);
        }
        return value.longValue();
    }

    /** Refuses fields the request may not have (a typo would otherwise be silently ignored). */
    static void requireOnly(JsonNode node, Set<String> fields, String what) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown fields " + unknown + " for " + what + "; it takes " + new TreeSet<>(fields));
        }
    }

    static void requireShopId(String shopId) {
        if (!SHOP_ID.matcher(shopId).matches()) {
            throw new BadRequest("shop id '" + printable(shopId) + "' is not a shop id (letters, digits, - and _)");
        }
    }

    static URI url(String text, String field) {
        try {
            URI url = new URI(text);
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new BadRequest(field + " must be an http:// or https:// URL with a host, not " + printable(text));
            }
            return url;
        } catch (URISyntaxException e) {
            throw new BadRequest(field + " is not a URL: " + printable(text));
        }
    }

    /** A caller's text as it may be echoed: printable ASCII, at most 80 characters. */
    static String printable(String value) {
        String cleaned = value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
