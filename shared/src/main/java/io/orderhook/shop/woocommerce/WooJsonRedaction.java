package io.orderhook.shop.woocommerce;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Removes personal data from WooCommerce REST bodies before they reach a log: the billing and
 * shipping addresses, contact details, the customer's IP and user agent, meta values whose key
 * looks like a personal number, and anything shaped like a Swedish personal number
 * (YYMMDD-NNNN, with or without century and dash) wherever it appears.
 */
public final class WooJsonRedaction {
    static final String REDACTED = "[redacted]";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_TEXT = 4000;
    private static final Set<String> ADDRESS_OBJECTS = Set.of("billing", "shipping");
    private static final Set<String> PERSONAL_FIELDS = Set.of("customer_ip_address", "customer_user_agent",
            "email", "phone", "first_name", "last_name", "address_1", "address_2", "postcode");
    /** A webhook's secret (creating one sends it) and REST keys never reach a log. */
    private static final Set<String> SECRET_FIELDS = Set.of("secret", "consumer_key", "consumer_secret");
    private static final Pattern PERSONAL_META_KEY = Pattern.compile("pno|personal|ssn|socialsecurity|personnummer");
    private static final Pattern PERSONAL_NUMBER = Pattern.compile(
            "(?<!\\d)(?:19|20)?\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])[-+]?\\d{4}(?!\\d)");

    private WooJsonRedaction() {}

    public static String redact(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.isContainerNode()) {
                return truncate(MAPPER.writeValueAsString(redact(node)));
            }
        } catch (IOException notJson) {
            // An HTML error page or a truncated answer: mask what looks personal and keep the rest.
        }
        return truncate(PERSONAL_NUMBER.matcher(body).replaceAll(REDACTED));
    }

    static JsonNode redact(JsonNode node) {
        JsonNode copy = node.deepCopy();
        walk(copy);
        return copy;
    }

    private static void walk(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean personalMeta = object.has("key") && object.has("value")
                    && PERSONAL_META_KEY.matcher(object.get("key").asText().toLowerCase(Locale.ROOT)).find();
            if (personalMeta) {
                object.put("value", REDACTED);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (ADDRESS_OBJECTS.contains(field.getKey()) && value.isObject()) {
                    value.fieldNames().forEachRemaining(name -> ((ObjectNode) value).put(name, REDACTED));
                } else if ((PERSONAL_FIELDS.contains(field.getKey()) || SECRET_FIELDS.contains(field.getKey()))
                        && value.isTextual() && !value.asText().isEmpty()) {
                    field.setValue(TextNode.valueOf(REDACTED));
                } else if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(PERSONAL_NUMBER.matcher(value.asText()).replaceAll(REDACTED)));
                } else {
                    walk(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual()) {
                    array.set(i, TextNode.valueOf(PERSONAL_NUMBER.matcher(element.asText()).replaceAll(REDACTED)));
                } else {
                    walk(element);
                }
            }
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...(" + text.length() + " chars)";
    }
}
