package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.credit.CreditSettings;
import io.orderhook.json.Json;

/**
 * The {@code credit} object of a settings change: only the fields it names, each checked.
 * {@code {"credit": {"paymentMethods": ["invoice"], "source": "sage", "sage": {"tokenRef": "shop/sage"},
 * "accounts": {"buyer@acme.example": {"limit": 500000, "onHold": false}}}}}; an account given as
 * {@code null} is removed.
 */
final class CreditSettingsChange {
    static final String FIELD = "credit";
    private static final Set<String> FIELDS = Set.of("paymentMethods", "pendingStatus", "failedStatus", "pendingNote",
            "payAnotherWay", "source", "sage", "accounts");
    private static final Set<String> SAGE_FIELDS = Set.of("endpoint", "tokenRef", "businessId");
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");
    private static final int MAX_NOTE = 1000;

    private CreditSettingsChange() {}

    static CreditSettings apply(CreditSettings c, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("credit must be an object such as {\"paymentMethods\": [\"invoice\"]}");
        }
        AdminInput.requireOnly(change, FIELDS, "credit");
        Set<String> methods = change.has("paymentMethods") ? methods(change.get("paymentMethods")) : c.paymentMethods();
        String pending = change.has("pendingStatus") ? SettingsChange.status(change, "pendingStatus") : c.pendingStatus();
        String failed = change.has("failedStatus") ? SettingsChange.status(change, "failedStatus") : c.failedStatus();
        if (pending.equals(failed)) {
            throw new BadRequest("credit.pendingStatus and credit.failedStatus must differ, both are " + pending);
        }
        String note = c.pendingNote();
        if (change.has("pendingNote")) {
            JsonNode text = change.get("pendingNote");
            if (!text.isTextual() || text.asText().isBlank() || text.asText().length() > MAX_NOTE) {
                throw new BadRequest("credit.pendingNote must be a text of at most " + MAX_NOTE
                        + " characters; {order} is replaced by the order number");
            }
            note = text.asText();
        }
        boolean payAnotherWay = change.has("payAnotherWay") ? boolField(change, "payAnotherWay") : c.payAnotherWay();
        CreditSettings.Source source = c.source();
        if (change.has("source")) {
            try {
                source = CreditSettings.Source.parse(change.get("source").asText());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        }
        CreditSettings.SageAccount sage = change.has("sage") ? sage(c.sage(), change.get("sage")) : c.sage();
        if (source == CreditSettings.Source.SAGE && (sage.tokenRef() == null || sage.tokenRef().isBlank())) {
            throw new BadRequest("credit.source sage needs credit.sage.tokenRef, the secret reference of the Sage access token");
        }
        Map<String, CreditSettings.BookAccount> accounts = change.has("accounts")
                ? accounts(c.accounts(), change.get("accounts")) : c.accounts();
        return new CreditSettings(methods, pending, failed, note, payAnotherWay, source, sage, accounts);
    }

    static ObjectNode json(CreditSettings c) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        c.paymentMethods().stream().sorted().forEach(out.putArray("paymentMethods")::add);
        out.put("pendingStatus", c.pendingStatus());
        out.put("failedStatus", c.failedStatus());
        out.put("pendingNote", c.pendingNote());
        out.put("payAnotherWay", c.payAnotherWay());
        out.put("source", c.source().wireName());
        out.putObject("sage").put("endpoint", c.sage().endpoint()).put("tokenRef", c.sage().tokenRef())
                .put("businessId", c.sage().businessId());
        ObjectNode accounts = out.putObject("accounts");
        c.accounts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(a -> accounts.putObject(a.getKey())
                .put("limit", a.getValue().limit()).put("onHold", a.getValue().onHold()));
        return out;
    }

    private static Set<String> methods(JsonNode list) {
        if (!list.isArray()) {
            throw new BadRequest("credit.paymentMethods must be a list of WooCommerce payment method ids, e.g. [\"invoice\"];"
                    + " [] turns credit checks off");
        }
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode method : list) {
            if (!method.isTextual() || !PAYMENT_METHOD.matcher(method.asText()).matches()) {
                throw new BadRequest("credit payment method " + method + " is not a WooCommerce gateway id (letters, digits, - and _)");
            }
            named.add(method.asText());
        }
        return named;
    }

    private static CreditSettings.SageAccount sage(CreditSettings.SageAccount current, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("credit.sage must be an object such as {\"tokenRef\": \"shop/sage-token\"}");
        }
        AdminInput.requireOnly(change, SAGE_FIELDS, "credit.sage");
        String endpoint = change.has("endpoint") ? change.get("endpoint").asText() : current.endpoint();
        if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://127.0.0.1") && !endpoint.startsWith("http://localhost")) {
            throw new BadRequest("credit.sage.endpoint must be an https URL (Sage's is " + CreditSettings.SAGE_API + ")");
        }
        String tokenRef = change.has("tokenRef") ? text(change.get("tokenRef")) : current.tokenRef();
        String business = change.has("businessId") ? text(change.get("businessId")) : current.businessId();
        return new CreditSettings.SageAccount(endpoint, tokenRef, business);
    }

    private static Map<String, CreditSettings.BookAccount> accounts(Map<String, CreditSettings.BookAccount> current,
            JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("credit.accounts must map billing e-mail addresses to {\"limit\": minor units, \"onHold\": false}");
        }
        Map<String, CreditSettings.BookAccount> out = new LinkedHashMap<>(current);
        for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String email = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                throw new BadRequest("credit.accounts keys are billing e-mail addresses; one is not");
            }
            JsonNode account = e.getValue();
            if (account.isNull()) {
                out.remove(email);
                continue;
            }
            if (!account.isObject() || !account.path("limit").isIntegralNumber() || account.path("limit").asLong() < 0) {
                throw new BadRequest("credit.accounts: each account is {\"limit\": a whole number of minor units (cents)"
                        + " of 0 or more, \"onHold\": true or false}");
            }
            out.put(email, new CreditSettings.BookAccount(account.get("limit").asLong(), account.path("onHold").asBoolean(false)));
        }
        return out;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
