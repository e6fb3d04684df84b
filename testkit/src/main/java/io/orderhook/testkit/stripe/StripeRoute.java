package io.orderhook.testkit.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderhook.testkit.stripe.StripeRules.Operation;

/**
 * Which Stripe call a request is: its operation and the id its path names (null when it names none).
 */
record StripeRoute(Operation op, String id) {
    private static final Pattern PATH = Pattern.compile(
            "^/v1/(payment_intents|refunds|charges)(?:/([^/]+))?(?:/(capture|cancel|increment_authorization))?$");

    /** The call of {@code method} on {@code path} (below the mount point), or null for one Stripe does not have. */
    static StripeRoute of(String method, String path) {
        Matcher route = PATH.matcher(path);
        if (!route.matches()) {
            return null;
        }
        Operation op = operation(method, route);
        if (op == null) {
            return null;
        }
        return new StripeRoute(op, route.group(2) == null ? null : URLDecoder.decode(route.group(2), StandardCharsets.UTF_8));
    }

    /** The PaymentIntent the call names: in its path, or as {@code payment_intent}; null for none. */
    String intentNamed(FormParams params) {
        return switch (op) {
            case RETRIEVE, UPDATE, CAPTURE, CANCEL, INCREMENT -> id;
            case CREATE_REFUND, LIST_REFUNDS -> params.get("payment_intent");
            case CREATE, RETRIEVE_REFUND, RETRIEVE_CHARGE -> null;
        };
    }

    private static Operation operation(String method, Matcher route) {
        String resource = route.group(1);
        boolean hasId = route.group(2) != null;
        String action = route.group(3);
        Operation op = switch (resource) {
            case "payment_intents" -> action != null ? switch (action) {
                case "capture" -> Operation.CAPTURE;
                case "cancel" -> Operation.CANCEL;
                default -> Operation.INCREMENT;
            } : hasId ? ("GET".equals(method) ? Operation.RETRIEVE : Operation.UPDATE) : Operation.CREATE;
            case "refunds" -> action != null ? null : hasId ? Operation.RETRIEVE_REFUND
                    : "GET".equals(method) ? Operation.LIST_REFUNDS : Operation.CREATE_REFUND;
            default -> action == null && hasId ? Operation.RETRIEVE_CHARGE : null;
        };
        return op != null && op.method.equals(method) ? op : null;
    }
}
