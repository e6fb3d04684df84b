package io.orderhook.provider.billmate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Removes what must never reach a log from Billmate request and response bodies: the hash
 * (with the data it is a key-derived signature), any secret, personal/organisation numbers,
 * names, addresses, e-mail addresses and phone numbers. Amounts, articles and statuses stay:
 * they are what a merchant needs to understand a refusal.
 */
public final class BillmateRedaction {
    private BillmateRedaction() {}

    public static final String REDACTED = "[redacted]";

    private static final Set<String> PERSONAL_KEYS = Set.of(
            "hash", "secret", "key", "pno", "firstname", "lastname", "company", "street", "street2",
            "zip", "city", "phone", "email", "nr", "serverdata", "ip", "recurringnr");

    /** A redacted copy of a JSON body; text that is not JSON is replaced entirely. */
    public static String redact(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = BillmateJson.parse(json);
            return BillmateJson.encode(redact(node));
        } catch (JsonProcessingException e) {
            return "[unreadable body of " + json.length() + " characters, not logged]";
        }
    }

    /** A redacted deep copy of a JSON tree. */
    public static JsonNode redact(JsonNode node) {
        JsonNode copy = node.deepCopy();
        scrub(copy);
        return copy;
    }

    private static void scrub(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                names.add(it.next().getKey());
            }
            for (String name : names) {
                if (PERSONAL_KEYS.contains(name.toLowerCase(Locale.ROOT))) {
                    object.put(name, REDACTED);
                } else {
                    scrub(object.get(name));
                }
            }
        } else if (node.isArray()) {
            node.forEach(BillmateRedaction::scrub);
        }
    }
}
