package io.orderhook.testkit.minfraud;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * minFraud's request schema (API documentation, "Request body"): the objects and fields it knows,
 * and the checks it makes of their values. minFraud scores a request with fields it does not know
 * or cannot use, but ignores them and says so in {@code warnings} ({@code INPUT_UNKNOWN},
 * {@code INPUT_INVALID}, {@code IP_ADDRESS_INVALID}); a request with no usable input at all is
 * {@code 400 REQUEST_INVALID}.
 */
final class MinFraudSchema {
    private static final Set<String> ADDRESS = Set.of("first_name", "last_name", "company", "address", "address_2",
            "city", "region", "country", "postal", "phone_number", "phone_country_code");
    private static final Map<String, Set<String>> OBJECTS = Map.ofEntries(
            Map.entry("device", Set.of("ip_address", "user_agent", "accept_language", "session_age", "session_id",
                    "tracking_token")),
            Map.entry("event", Set.of("transaction_id", "shop_id", "time", "type", "party")),
            Map.entry("account", Set.of("user_id", "username_md5")),
            Map.entry("email", Set.of("address", "domain")),
            Map.entry("billing", ADDRESS),
            Map.entry("shipping", union(ADDRESS, Set.of("delivery_speed"))),
            Map.entry("payment", Set.of("method", "processor", "was_authorized", "decline_code")),
            Map.entry("credit_card", Set.of("issuer_id_number", "last_digits", "token", "bank_name",
                    "bank_phone_country_code", "bank_phone_number", "country", "avs_result", "cvv_result",
                    "was_3d_secure_successful")),
            Map.entry("order", Set.of("amount", "currency", "discount_code", "affiliate_id", "subaffiliate_id",
                    "referrer_uri", "is_gift", "has_gift_message")),
            Map.entry("custom_inputs", Set.of()));
    private static final Set<String> CART_ITEM = Set.of("category", "item_id", "quantity", "price");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** One warning of the response. */
    record Warning(String code, String text, String pointer) {}

    private MinFraudSchema() {}

    /** The warnings minFraud gives for {@code body}, or null when nothing in it is usable. */
    static List<Warning> check(JsonNode body) {
        List<Warning> warnings = new ArrayList<>();
        int usable = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> object = it.next();
            String name = object.getKey();
            if (name.equals("shopping_cart")) {
                usable += cart(object.getValue(), warnings);
                continue;
            }
            Set<String> fields = OBJECTS.get(name);
            if (fields == null || !object.getValue().isObject()) {
                warnings.add(unknown("/" + name));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> f = object.getValue().fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                String pointer = "/" + name + "/" + field.getKey();
                if (!name.equals("custom_inputs") && !fields.contains(field.getKey())) {
                    warnings.add(unknown(pointer));
                } else if (valid(pointer, field.getValue(), warnings)) {
                    usable++;
                }
            }
        }
        return usable == 0 ? null : warnings;
    }

    private static int cart(JsonNode cart, List<Warning> warnings) {
        if (!cart.isArray()) {
            warnings.add(unknown("/shopping_cart"));
            return 0;
        }
        int usable = 0;
        for (int i = 0; i < cart.size(); i++) {
            for (Iterator<String> f = cart.get(i).fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (CART_ITEM.contains(field)) {
                    usable++;
                } else {
                    warnings.add(unknown("/shopping_cart/" + i + "/" + field));
                }
            }
        }
        return usable;
    }

    private static boolean valid(String pointer, JsonNode value, List<Warning> warnings) {
        String text = value.asText();
        boolean ok = switch (pointer) {
            case "/device/ip_address" -> ip(text);
            case "/email/address" -> MD5.matcher(text).matches() || text.contains("@") && text.length() <= 255;
            case "/order/currency" -> CURRENCY.matcher(text).matches();
            case "/billing/country", "/shipping/country" -> COUNTRY.matcher(text).matches();
            case "/order/amount" -> value.isNumber() || number(text);
            case "/event/type" -> Set.of("account_creation", "account_login", "email_change", "password_reset",
                    "payout_change", "purchase", "recurring_purchase", "referral", "survey").contains(text);
            default -> true;
        };
        if (!ok) {
            warnings.add(pointer.equals("/device/ip_address")
                    ? new Warning("IP_ADDRESS_INVALID", "The IP address supplied is not a valid IPv4 or IPv6 address.", pointer)
                    : new Warning("INPUT_INVALID", "Encountered value at " + pointer + " that does not meet the required"
                            + " constraints", pointer));
        }
        return ok;
    }

    private static boolean ip(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean number(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Warning unknown(String pointer) {
        return new Warning("INPUT_UNKNOWN", "Unknown input: " + pointer, pointer);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
