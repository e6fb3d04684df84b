package io.orderhook.testkit.stripe;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.orderhook.testkit.stripe.StripeRules.Answer;
import io.orderhook.testkit.stripe.StripeRules.Operation;

/**
 * Stripe's checks of a call's parameters before it runs (unknown parameters, expansions, metadata
 * limits, each call's own parameters): what they refuse is answered and nothing is stored under
 * the idempotency key.
 */
final class StripeValidation {
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final StripeJson json;

    StripeValidation(StripeJson json) {
        this.json = json;
    }

    /** An answer refusing the call before it runs, or empty when its parameters are acceptable. */
    Optional<Answer> validate(Operation op, FormParams params) {
        for (String name : params.names()) {
            if (!op.parameters.contains(name)) {
                return Optional.of(json.unknownParameter(params.keysUnder(name).get(0)));
            }
        }
        for (String expand : params.list("expand")) {
            if (!op.expandable.contains(expand)) {
                return Optional.of(json.invalid(null, "This property cannot be expanded (" + expand + ").", "expand"));
            }
        }
        Map<String, String> metadata = params.hash("metadata");
        if (metadata.size() > 50) {
            return Optional.of(json.invalid(null, "You can specify up to 50 keys in metadata.", "metadata"));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 40) {
                return Optional.of(json.invalid(null, "Metadata keys can have up to 40 characters, but you passed in a key"
                        + " that is " + e.getKey().length() + " characters.", "metadata[" + e.getKey() + "]"));
            }
            if (e.getValue().length() > 500) {
                return Optional.of(json.invalid(null, "Metadata values can have up to 500 characters, but you passed in a"
                        + " value that is " + e.getValue().length() + " characters.", "metadata[" + e.getKey() + "]"));
            }
        }
        return switch (op) {
            case CREATE -> validateCreate(params);
            case CAPTURE -> positiveInteger(params, "amount_to_capture", false)
                    .or(() -> positiveInteger(params, "application_fee_amount", false))
                    .or(() -> bool(params, "final_capture"))
                    .or(() -> onlyKeys(params, "transfer_data", Set.of("transfer_data[amount]")));
            case CANCEL -> params.has("cancellation_reason") && !CANCELLATION_REASONS.contains(params.get("cancellation_reason"))
                    ? Optional.of(json.invalid(null, "Invalid cancellation_reason: must be one of duplicate, fraudulent,"
                            + " requested_by_customer, or abandoned", "cancellation_reason"))
                    : Optional.empty();
            case INCREMENT -> positiveInteger(params, "amount", true)
                    .or(() -> onlyKeys(params, "transfer_data", Set.of("transfer_data[amount]")));
            case UPDATE -> positiveInteger(params, "amount", false);
            case CREATE_REFUND -> validateRefund(params);
            case LIST_REFUNDS -> validateList(params);
            case RETRIEVE, RETRIEVE_REFUND, RETRIEVE_CHARGE -> Optional.empty();
        };
    }

    private Optional<Answer> validateCreate(FormParams params) {
        Optional<Answer> amount = positiveInteger(params, "amount", true);
        if (amount.isPresent()) {
            return amount;
        }
        String currency = params.get("currency");
        if (currency == null || currency.isEmpty()) {
            return Optional.of(json.missing("currency"));
        }
        if (!currency.matches("[A-Za-z]{3}")) {
            return Optional.of(json.invalid(null, "Invalid currency: " + currency + ".", "currency"));
        }
        String captureMethod = params.get("capture_method");
        if (captureMethod != null && !Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
            return Optional.of(json.invalid(null, "Invalid capture_method: must be one of automatic, automatic_async, or"
                    + " manual", "capture_method"));
        }
        Optional<Answer> options = onlyKeys(params, "payment_method_options",
                Set.of("payment_method_options[card][request_incremental_authorization]"));
        if (options.isPresent()) {
            return options;
        }
        String incremental = params.get("payment_method_options[card][request_incremental_authorization]");
        if (incremental != null && !Set.of("if_available", "never").contains(incremental)) {
            return Optional.of(json.invalid(null, "Invalid request_incremental_authorization: must be one of if_available"
                    + " or never", "payment_method_options[card][request_incremental_authorization]"));
        }
        return bool(params, "confirm");
    }

    private Optional<Answer> validateRefund(FormParams params) {
        boolean byIntent = params.has("payment_intent");
        boolean byCharge = params.has("charge");
        if (!byIntent && !byCharge) {
            return Optional.of(json.invalid("parameter_missing", "One of the following params should be provided for this"
                    + " request: payment_intent or charge.", null));
        }
        if (byIntent && byCharge) {
            return Optional.of(json.invalid(null, "You cannot specify both payment_intent and charge. Please specify only"
                    + " one.", "charge"));
        }
        if (params.has("reason") && !REFUND_REASONS.contains(params.get("reason"))) {
            return Optional.of(json.invalid(null, "Invalid reason: must be one of duplicate, fraudulent, or"
                    + " requested_by_customer", "reason"));
        }
        return positiveInteger(params, "amount", false);
    }

    private Optional<Answer> validateList(FormParams params) {
        if (params.has("limit")) {
            Long limit = StripeRules.integer(params.get("limit"));
            if (limit == null) {
                return Optional.of(json.invalid("parameter_invalid_integer", "Invalid integer: " + params.get("limit"), "limit"));
            }
            if (limit < 1 || limit > 100) {
                return Optional.of(json.invalid(null, "This value must be greater than or equal to 1 and less than or equal"
                        + " to 100.", "limit"));
            }
        }
        return Optional.empty();
    }

    private Optional<Answer> positiveInteger(FormParams params, String name, boolean required) {
        if (!params.has(name) || params.get(name).isEmpty()) {
            return required ? Optional.of(json.missing(name)) : Optional.empty();
        }
        Long value = StripeRules.integer(params.get(name));
        if (value == null) {
            return Optional.of(json.invalid("parameter_invalid_integer", "Invalid integer: " + params.get(name), name));
        }
        if (value < 1) {
            return Optional.of(json.invalid("parameter_invalid_integer", "This value must be greater than or equal to 1.",
                    name));
        }
        return Optional.empty();
    }

    private Optional<Answer> bool(FormParams params, String name) {
        if (params.has(name) && !Set.of("true", "false").contains(params.get(name))) {
            return Optional.of(json.invalid(null, "Invalid boolean: " + params.get(name), name));
        }
        return Optional.empty();
    }

    private Optional<Answer> onlyKeys(FormParams params, String name, Set<String> allowed) {
        for (String key : params.keysUnder(name)) {
            if (!allowed.contains(key)) {
                return Optional.of(json.unknownParameter(key));
            }
        }
        return Optional.empty();
    }
}
