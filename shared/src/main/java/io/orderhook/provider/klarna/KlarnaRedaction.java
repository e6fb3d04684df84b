package io.orderhook.provider.klarna;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;

/**
 * Klarna request and response bodies as the debug log may keep them: amounts, lines, statuses
 * and ids stay; the customer's details in an order (addresses, names, e-mail, phone, date of
 * birth, national id) go. Credentials travel in a header and never appear here.
 */
final class KlarnaRedaction {
    private KlarnaRedaction() {}

    private static final Set<String> PERSONAL = Set.of("billing_address", "shipping_address", "customer",
            "given_name", "family_name", "email", "phone", "street_address", "street_address2", "postal_code",
            "city", "region", "date_of_birth", "national_identification_number", "organization_registration_id",
            "attention", "title", "care_of");

    static String redact(String json) {
        if (json == null || json.isBlank()) {
            return json;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return "(not JSON, " + json.length() + " characters)";
        }
        strip(node);
        return node.toString();
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                if (PERSONAL.contains(names.next())) {
                    names.remove();
                }
            }
            object.forEach(KlarnaRedaction::strip);
        } else if (node.isArray()) {
            node.forEach(KlarnaRedaction::strip);
        }
    }
}
