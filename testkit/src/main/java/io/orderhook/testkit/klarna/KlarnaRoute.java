package io.orderhook.testkit.klarna;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Klarna call a request is: its operation's name (as tests count calls), the order its path
 * names, and the capture or refund id after the order's ({@code part}, or empty).
 *
 * @param changes whether the call may change the order (every method but GET): these take an
 *                idempotency key and wait for no other call on the same order
 */
record KlarnaRoute(String operation, String orderId, String part, boolean changes) {
    private static final Pattern ORDER_PATH = Pattern.compile("/ordermanagement/v1/orders/([^/]+)(?:/(.+))?");
    private static final Pattern PLACE_ORDER_PATH = Pattern.compile("/payments/v1/authorizations/([^/]+)/order");

    /** The route of {@code method} on {@code path} (below the mount point), or null for a path Klarna does not have. */
    static KlarnaRoute of(String method, String path) {
        Matcher place = PLACE_ORDER_PATH.matcher(path);
        if (place.matches() && "POST".equals(method)) {
            return new KlarnaRoute("place_order", place.group(1), "", false);
        }
        Matcher matcher = ORDER_PATH.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        String id = matcher.group(1);
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        String operation = switch (method + " " + rest.replaceAll("^(captures|refunds)/[^/]+$", "$1/{id}")) {
            case "GET " -> "get_order";
            case "POST captures" -> "capture";
            case "GET captures" -> "get_captures";
            case "GET captures/{id}" -> "get_capture";
            case "POST refunds" -> "refund";
            case "GET refunds/{id}" -> "get_refund";
            case "POST cancel" -> "cancel";
            case "PATCH authorization" -> "update_authorization";
            case "POST extend-authorization-time" -> "extend_authorization_time";
            case "POST release-remaining-authorization" -> "release_remaining_authorization";
            case "POST acknowledge" -> "acknowledge";
            case "PATCH merchant-references" -> "update_merchant_references";
            default -> null;
        };
        String part = rest.matches("(captures|refunds)/[^/]+") ? rest.substring(rest.indexOf('/') + 1) : "";
        return operation == null ? null : new KlarnaRoute(operation, id, part, !"GET".equals(method));
    }
}
