package io.orderhook.testkit.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The PaymentIntents, charges and refunds the Stripe sandbox holds, and Stripe's rules for each
 * call: which parameters it takes, which statuses allow it, what it changes and what it answers
 * (the objects as the API reference shows them, errors as {@code {"error":{type, code, message,
 * param, doc_url, payment_intent}}}). Written from Stripe's documents and the reference page, not
 * from orderhook's client. Not thread-safe: the sandbox calls it under its own lock.
 *
 * <p>Where the documents leave something open the stricter reading is taken (docs/PROVIDERS.md,
 * Stripe, lists each as a Choice): a released uncaptured amount (the rest of a partial capture, a
 * cancelled or expired authorisation) is a refund with reason {@code expired_uncaptured_charge},
 * counted in the charge's {@code amount_refunded} and listed with the PaymentIntent's refunds;
 * capturing or refunding the wrong status is a 400 {@code payment_intent_unexpected_state};
 * a capture after the authorisation expired is a 400 {@code charge_expired_for_capture}; amounts
 * above what is left are a 400 {@code amount_too_large}; unknown parameters (the {@code amount} the
 * WooCommerce plugin sends to capture among them) are a 400 {@code parameter_unknown}.
 */
final class StripeRules {

    /** One answer: the HTTP status and the JSON body. */
    record Answer(int status, ObjectNode body) {}

    /** Stripe's calls that the sandbox answers, with the parameters each takes. */
    enum Operation {
        CREATE("create", "POST", Set.of("amount", "currency", "capture_method", "confirm", "payment_method",
                "payment_method_types", "payment_method_options", "metadata", "description", "automatic_payment_methods",
                "receipt_email", "expand"), Set.of("latest_charge")),
        RETRIEVE("retrieve", "GET", Set.of("expand", "client_secret"), Set.of("latest_charge")),
        UPDATE("update", "POST", Set.of("amount", "description", "metadata", "expand"), Set.of("latest_charge")),
        CAPTURE("capture", "POST", Set.of("amount_to_capture", "final_capture", "metadata", "statement_descriptor",
                "statement_descriptor_suffix", "application_fee_amount", "transfer_data", "expand"), Set.of("latest_charge")),
        CANCEL("cancel", "POST", Set.of("cancellation_reason", "expand"), Set.of("latest_charge")),
        INCREMENT("increment_authorization", "POST", Set.of("amount", "description", "metadata", "statement_descriptor",
                "application_fee_amount", "transfer_data", "expand"), Set.of("latest_charge")),
        CREATE_REFUND("create_refund", "POST", Set.of("payment_intent", "charge", "amount", "reason", "metadata", "expand",
                "refund_application_fee", "reverse_transfer", "instructions_email"), Set.of("charge", "payment_intent")),
        LIST_REFUNDS("list_refunds", "GET", Set.of("payment_intent", "charge", "limit", "starting_after", "ending_before",
                "created", "expand"), Set.of()),
        RETRIEVE_REFUND("retrieve_refund", "GET", Set.of("expand"), Set.of("charge", "payment_intent")),
        RETRIEVE_CHARGE("retrieve_charge", "GET", Set.of("expand"), Set.of("payment_intent"));

        /** The name tests count calls by: "capture", "create_refund"... */
        final String callName;
        final String method;
        final Set<String> parameters;
        final Set<String> expandable;

        Operation(String callName, String method, Set<String> parameters, Set<String> expandable) {
            this.callName = callName;
            this.method = method;
            this.parameters = parameters;
            this.expandable = expandable;
        }
    }

    static final String RELEASE_REASON = "expired_uncaptured_charge";
    /** Online card authorisations must be captured within 7 days (docs: place a hold on a payment method). */
    static final Duration AUTHORIZATION_WINDOW = Duration.ofDays(7);
    static final int MAX_INCREMENTS = 10;
    private static final Set<String> CANCELLABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action");
    private static final Set<String> AMOUNT_UPDATABLE = Set.of("requires_payment_method", "requires_confirmation",
            "requires_action");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");
    /** Refunds that hold money returned; failed and canceled ones returned nothing. */
    private static final Set<String> REFUND_HOLDS = Set.of("pending", "requires_action", "succeeded");
    /** Test payment methods (docs: testing): brand, and whether the issuer declines. */
    private static final Map<String, String> TEST_CARDS = Map.of(
            "pm_card_visa", "visa", "pm_card_mastercard", "mastercard", "pm_card_amex", "amex",
            "pm_card_chargeDeclined", "visa");

    final Map<String, Intent> intents = new LinkedHashMap<>();
    final Map<String, Charge> charges = new LinkedHashMap<>();
    final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Supplier<Instant> clock;
    private final Random random = new Random(20240620L);

    StripeRules(Supplier<Instant> clock) {
        this.clock = clock;
    }

    // ---- state ------------------------------------------------------------------------------

    static final class Intent {
        String id;
        String account;
        long amount;
        long amountCapturable;
        long amountReceived;
        String currency;
        String status;
        String captureMethod;
        String cancellationReason;
        Long canceledAt;
        String description;
        String paymentMethod;
        String incrementalRequest;
        long created;
        final Map<String, String> metadata = new LinkedHashMap<>();
        Charge charge;
        ObjectNode lastPaymentError;
        int captures;
        int increments;
        boolean declineIncrements;
        /** Cancelled by Stripe because the authorisation window passed. */
        boolean expired;
    }

    static final class Charge {
        String id;
        String intent;
        long amount;
        long amountCaptured;
        long amountRefunded;
        boolean captured;
        String brand;
        long captureBefore;
        boolean incrementalAvailable;
        long created;
    }

    static final class Refund {
        String id;
        String account;
        String intent;
        String charge;
        long amount;
        String currency;
        String reason;
        String status;
        String failureReason;
        long created;
        final Map<String, String> metadata = new LinkedHashMap<>();
    }

    String newId(String prefix) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(prefix).append("_3Sbx");
        for (int i = 0; i < 20; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private long now() {
        return clock.get().getEpochSecond();
    }

    /** An authorisation whose window passed is cancelled by Stripe, its amount released. */
    void expireIfDue(Intent intent) {
        if ("requires_capture".equals(intent.status) && intent.charge != null && now() > intent.charge.captureBefore) {
            release(intent, intent.amountCapturable);
            intent.status = "canceled";
            intent.cancellationReason = "automatic";
            intent.canceledAt = now();
            intent.expired = true;
        }
    }

    private void release(Intent intent, long amount) {
        if (amount > 0 && intent.charge != null) {
            Refund release = new Refund();
            release.id = newId("re");
            release.account = intent.account;
            release.intent = intent.id;
            release.charge = intent.charge.id;
            release.amount = amount;
            release.currency = intent.currency;
            release.reason = RELEASE_REASON;
            release.status = "succeeded";
            release.created = now();
            refunds.put(release.id, release);
            intent.charge.amountRefunded += amount;
        }
        intent.amountCapturable = 0;
    }

    // ---- validation (before execution: nothing is stored for these) -------------------------

    Optional<Answer> validate(Operation op, FormParams params) {
        for (String name : params.names()) {
            if (!op.parameters.contains(name)) {
                return Optional.of(unknownParameter(params.keysUnder(name).get(0)));
            }
        }
        for (String expand : params.list("expand")) {
            if (!op.expandable.contains(expand)) {
                return Optional.of(invalid(null, "This property cannot be expanded (" + expand + ").", "expand"));
            }
        }
        Map<String, String> metadata = params.hash("metadata");
        if (metadata.size() > 50) {
            return Optional.of(invalid(null, "You can specify up to 50 keys in metadata.", "metadata"));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 40) {
                return Optional.of(invalid(null, "Metadata keys can have up to 40 characters, but you passed in a key"
                        + " that is " + e.getKey().length() + " characters.", "metadata[" + e.getKey() + "]"));
            }
            if (e.getValue().length() > 500) {
                return Optional.of(invalid(null, "Metadata values can have up to 500 characters, but you passed in a"
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
                    ? Optional.of(invalid(null, "Invalid cancellation_reason: must be one of duplicate, fraudulent,"
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
            return Optional.of(missing("currency"));
        }
        if (!currency.matches("[A-Za-z]{3}")) {
            return Optional.of(invalid(null, "Invalid currency: " + currency + ".", "currency"));
        }
        String captureMethod = params.get("capture_method");
        if (captureMethod != null && !Set.of("automatic", "automatic_async", "manual").contains(captureMethod)) {
            return Optional.of(invalid(null, "Invalid capture_method: must be one of automatic, automatic_async, or"
                    + " manual", "capture_method"));
        }
        Optional<Answer> options = onlyKeys(params, "payment_method_options",
                Set.of("payment_method_options[card][request_incremental_authorization]"));
        if (options.isPresent()) {
            return options;
        }
        String incremental = params.get("payment_method_options[card][request_incremental_authorization]");
        if (incremental != null && !Set.of("if_available", "never").contains(incremental)) {
            return Optional.of(invalid(null, "Invalid request_incremental_authorization: must be one of if_available"
                    + " or never", "payment_method_options[card][request_incremental_authorization]"));
        }
        return bool(params, "confirm");
    }

    private Optional<Answer> validateRefund(FormParams params) {
        boolean byIntent = params.has("payment_intent");
        boolean byCharge = params.has("charge");
        if (!byIntent && !byCharge) {
            return Optional.of(invalid("parameter_missing", "One of the following params should be provided for this"
                    + " request: payment_intent or charge.", null));
        }
        if (byIntent && byCharge) {
            return Optional.of(invalid(null, "You cannot specify both payment_intent and charge. Please specify only"
                    + " one.", "charge"));
        }
        if (params.has("reason") && !REFUND_REASONS.contains(params.get("reason"))) {
            return Optional.of(invalid(null, "Invalid reason: must be one of duplicate, fraudulent, or"
                    + " requested_by_customer", "reason"));
        }
        return positiveInteger(params, "amount", false);
    }

    private Optional<Answer> validateList(FormParams params) {
        if (params.has("limit")) {
            Long limit = integer(params.get("limit"));
            if (limit == null) {
                return Optional.of(invalid("parameter_invalid_integer", "Invalid integer: " + params.get("limit"), "limit"));
            }
            if (limit < 1 || limit > 100) {
                return Optional.of(invalid(null, "This value must be greater than or equal to 1 and less than or equal"
                        + " to 100.", "limit"));
            }
        }
        return Optional.empty();
    }

    private Optional<Answer> positiveInteger(FormParams params, String name, boolean required) {
        if (!params.has(name) || params.get(name).isEmpty()) {
            return required ? Optional.of(missing(name)) : Optional.empty();
        }
        Long value = integer(params.get(name));
        if (value == null) {
            return Optional.of(invalid("parameter_invalid_integer", "Invalid integer: " + params.get(name), name));
        }
        if (value < 1) {
            return Optional.of(invalid("parameter_invalid_integer", "This value must be greater than or equal to 1.",
                    name));
        }
        return Optional.empty();
    }

    private Optional<Answer> bool(FormParams params, String name) {
        if (params.has(name) && !Set.of("true", "false").contains(params.get(name))) {
            return Optional.of(invalid(null, "Invalid boolean: " + params.get(name), name));
        }
        return Optional.empty();
    }

    private Optional<Answer> onlyKeys(FormParams params, String name, Set<String> allowed) {
        for (String key : params.keysUnder(name)) {
            if (!allowed.contains(key)) {
                return Optional.of(unknownParameter(key));
            }
        }
        return Optional.empty();
    }

    // ---- execution (the answer is stored under the idempotency key) -------------------------

    Answer execute(Operation op, String account, String id, FormParams params) {
        return switch (op) {
            case CREATE -> create(account, params);
            case RETRIEVE -> withIntent(account, id, "intent", intent -> ok(intentJson(intent, params)));
            case UPDATE -> withIntent(account, id, "intent", intent -> update(intent, params));
            case CAPTURE -> withIntent(account, id, "intent", intent -> capture(intent, params));
            case CANCEL -> withIntent(account, id, "intent", intent -> cancel(intent, params));
            case INCREMENT -> withIntent(account, id, "intent", intent -> increment(intent, params));
            case CREATE_REFUND -> createRefund(account, params);
            case LIST_REFUNDS -> listRefunds(account, params);
            case RETRIEVE_REFUND -> {
                Refund refund = refunds.get(id);
                yield refund == null || !refund.account.equals(account) ? noSuch("refund", id, "id", 404)
                        : ok(refundJson(refund, params));
            }
            case RETRIEVE_CHARGE -> {
                Charge charge = charges.get(id);
                Intent intent = charge == null ? null : intents.get(charge.intent);
                yield intent == null || !intent.account.equals(account) ? noSuch("charge", id, "charge", 404)
                        : ok(chargeJson(intent));
            }
        };
    }

    private Answer withIntent(String account, String id, String param, java.util.function.Function<Intent, Answer> action) {
        Intent intent = intents.get(id);
        if (intent == null || !intent.account.equals(account)) {
            return noSuch("payment_intent", id, param, 404);
        }
        expireIfDue(intent);
        return action.apply(intent);
    }

    /** The customer's checkout: a PaymentIntent created and, with {@code confirm=true}, authorised. */
    Answer create(String account, FormParams params) {
        Intent intent = new Intent();
        intent.id = newId("pi");
        intent.account = account;
        intent.amount = integer(params.get("amount"));
        intent.currency = params.get("currency").toLowerCase(Locale.ROOT);
        intent.captureMethod = params.has("capture_method") ? params.get("capture_method") : "automatic_async";
        intent.description = params.get("description");
        intent.paymentMethod = params.get("payment_method");
        intent.incrementalRequest = params.get("payment_method_options[card][request_incremental_authorization]");
        intent.metadata.putAll(params.hash("metadata"));
        intent.created = now();
        intent.status = intent.paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
        intents.put(intent.id, intent);
        if ("true".equals(params.get("confirm"))) {
            if (intent.paymentMethod == null) {
                return invalid("payment_intent_unexpected_state", "You cannot confirm this PaymentIntent because it's"
                        + " missing a payment method.", "payment_method", intent);
            }
            String brand = TEST_CARDS.get(intent.paymentMethod);
            if (brand == null) {
                return noSuch("payment_method", intent.paymentMethod, "payment_method", 400);
            }
            if ("pm_card_chargeDeclined".equals(intent.paymentMethod)) {
                intent.status = "requires_payment_method";
                Answer declined = error(402, "card_error", "card_declined", "Your card was declined.", null,
                        "generic_decline", intent);
                intent.lastPaymentError = (ObjectNode) declined.body().path("error").deepCopy();
                intent.lastPaymentError.remove("payment_intent");
                return declined;
            }
            authorise(intent, brand);
        }
        return ok(intentJson(intent, params));
    }

    void authorise(Intent intent, String brand) {
        Charge charge = new Charge();
        charge.id = newId("ch");
        charge.intent = intent.id;
        charge.amount = intent.amount;
        charge.brand = brand;
        charge.created = now();
        charge.captureBefore = now() + AUTHORIZATION_WINDOW.toSeconds();
        // Incremental authorisation: only when asked for at confirmation, and only Visa and Mastercard here.
        charge.incrementalAvailable = "if_available".equals(intent.incrementalRequest)
                && Set.of("visa", "mastercard").contains(brand);
        charges.put(charge.id, charge);
        intent.charge = charge;
        if ("manual".equals(intent.captureMethod)) {
            intent.status = "requires_capture";
            intent.amountCapturable = intent.amount;
        } else {
            intent.status = "succeeded";
            intent.amountReceived = intent.amount;
            charge.captured = true;
            charge.amountCaptured = intent.amount;
        }
    }

    /** An authorised PaymentIntent's amount cannot change: only the increment endpoint raises it. */
    private Answer update(Intent intent, FormParams params) {
        if (params.has("amount") && !AMOUNT_UPDATABLE.contains(intent.status)) {
            return invalid("payment_intent_unexpected_state", "This PaymentIntent's amount could not be updated because"
                    + " it has a status of " + intent.status + ". You may only update the amount of a PaymentIntent"
                    + " with one of the following statuses: requires_payment_method, requires_confirmation,"
                    + " requires_action.", "amount", intent);
        }
        if (params.has("amount")) {
            intent.amount = integer(params.get("amount"));
        }
        if (params.has("description")) {
            intent.description = params.get("description");
        }
        mergeMetadata(intent.metadata, params.hash("metadata"));
        return ok(intentJson(intent, params));
    }

    private Answer capture(Intent intent, FormParams params) {
        if (intent.expired) {
            return invalid("charge_expired_for_capture", "This PaymentIntent could not be captured because its"
                    + " authorization has expired.", null, intent);
        }
        if (!"requires_capture".equals(intent.status)) {
            return invalid("payment_intent_unexpected_state", "This PaymentIntent could not be captured because it has"
                    + " a status of " + intent.status + ". Only a PaymentIntent with one of the following statuses may"
                    + " be captured: requires_capture.", null, intent);
        }
        if ("false".equals(params.get("final_capture"))) {
            // Multicapture needs request_multicapture at confirmation, which the sandbox does not offer.
            return invalid(null, "final_capture=false is only supported for PaymentIntents confirmed with"
                    + " multicapture.", "final_capture", intent);
        }
        long amount = params.has("amount_to_capture") ? integer(params.get("amount_to_capture")) : intent.amountCapturable;
        if (amount > intent.amountCapturable) {
            return invalid("amount_too_large", "The amount to capture (" + amount + ") is greater than the amount"
                    + " capturable (" + intent.amountCapturable + ").", "amount_to_capture", intent);
        }
        long rest = intent.amountCapturable - amount;
        intent.charge.captured = true;
        intent.charge.amountCaptured = amount;
        intent.amountReceived = amount;
        intent.status = "succeeded";
        intent.captures++;
        mergeMetadata(intent.metadata, params.hash("metadata"));
        // A partial capture is final: the uncaptured rest is released ("automatically refunded").
        release(intent, rest);
        return ok(intentJson(intent, params));
    }

    private Answer cancel(Intent intent, FormParams params) {
        if (!CANCELLABLE.contains(intent.status)) {
            return invalid("payment_intent_unexpected_state", "You cannot cancel this PaymentIntent because it has a"
                    + " status of " + intent.status + ". Only a PaymentIntent with one of the following statuses may be"
                    + " canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action,"
                    + " processing.", null, intent);
        }
        release(intent, intent.amountCapturable);
        intent.status = "canceled";
        intent.canceledAt = now();
        intent.cancellationReason = params.get("cancellation_reason");
        return ok(intentJson(intent, params));
    }

    private Answer increment(Intent intent, FormParams params) {
        if (!"requires_capture".equals(intent.status)) {
            return invalid("payment_intent_unexpected_state", "This PaymentIntent's authorization could not be"
                    + " incremented because it has a status of " + intent.status + ". Only a PaymentIntent with a status"
                    + " of requires_capture may be incremented.", null, intent);
        }
        if (!intent.charge.incrementalAvailable) {
            return invalid("payment_intent_invalid_parameter", "This PaymentIntent is not eligible for incremental"
                    + " authorization: it was not confirmed with request_incremental_authorization, or the card does not"
                    + " support it.", null, intent);
        }
        long amount = integer(params.get("amount"));
        if (amount <= intent.amount) {
            return invalid("amount_too_small", "The amount (" + amount + ") must be greater than the PaymentIntent's"
                    + " current amount (" + intent.amount + ").", "amount", intent);
        }
        if (intent.increments >= MAX_INCREMENTS) {
            return invalid("payment_intent_invalid_parameter", "This PaymentIntent has reached the maximum of "
                    + MAX_INCREMENTS + " incremental authorizations.", null, intent);
        }
        if (intent.declineIncrements) {
            // A declined increment leaves the authorisation as it was.
            return error(402, "card_error", "card_declined", "Your card was declined.", null, "insufficient_funds", intent);
        }
        intent.increments++;
        intent.amount = amount;
        intent.amountCapturable = amount;
        intent.charge.amount = amount;
        mergeMetadata(intent.metadata, params.hash("metadata"));
        return ok(intentJson(intent, params));
    }

    private Answer createRefund(String account, FormParams params) {
        Intent intent;
        if (params.has("payment_intent")) {
            intent = intents.get(params.get("payment_intent"));
            if (intent == null || !intent.account.equals(account)) {
                return noSuch("payment_intent", params.get("payment_intent"), "payment_intent", 400);
            }
        } else {
            Charge charge = charges.get(params.get("charge"));
            intent = charge == null ? null : intents.get(charge.intent);
            if (intent == null || !intent.account.equals(account)) {
                return noSuch("charge", params.get("charge"), "charge", 400);
            }
        }
        expireIfDue(intent);
        if (!"succeeded".equals(intent.status) || intent.charge == null || !intent.charge.captured) {
            // Only captured money can be refunded; an authorisation is cancelled instead.
            return invalid("payment_intent_unexpected_state", "This PaymentIntent has a status of " + intent.status
                    + " and has no captured charge to refund. Cancel the PaymentIntent to release an uncaptured"
                    + " authorization.", params.has("charge") ? "charge" : "payment_intent", intent);
        }
        long left = intent.charge.amountCaptured - refunded(intent);
        if (left <= 0) {
            return invalid("charge_already_refunded", "Charge " + intent.charge.id + " has already been refunded.",
                    null, null);
        }
        long amount = params.has("amount") ? integer(params.get("amount")) : left;
        if (amount > left) {
            return invalid("amount_too_large", "Refund amount (" + amount + ") is greater than the unrefunded amount on"
                    + " charge (" + left + ")", "amount", null);
        }
        Refund refund = new Refund();
        refund.id = newId("re");
        refund.account = account;
        refund.intent = intent.id;
        refund.charge = intent.charge.id;
        refund.amount = amount;
        refund.currency = intent.currency;
        refund.reason = params.get("reason");
        refund.status = "succeeded";
        refund.created = now();
        refund.metadata.putAll(params.hash("metadata"));
        refunds.put(refund.id, refund);
        intent.charge.amountRefunded += amount;
        return ok(refundJson(refund, params));
    }

    /** What the merchant's refunds returned of the captured money (Stripe's own releases are not captured money). */
    long refunded(Intent intent) {
        return refunds.values().stream()
                .filter(r -> r.intent.equals(intent.id) && !RELEASE_REASON.equals(r.reason) && REFUND_HOLDS.contains(r.status))
                .mapToLong(r -> r.amount)
                .sum();
    }

    /** A refund that failed after it was made: the money it held goes back to the charge. */
    void fail(Refund refund, String failureReason) {
        if (REFUND_HOLDS.contains(refund.status)) {
            Intent intent = intents.get(refund.intent);
            intent.charge.amountRefunded -= refund.amount;
        }
        refund.status = "failed";
        refund.failureReason = failureReason;
    }

    /** Newest first, as Stripe lists; {@code starting_after} and {@code limit} page through them. */
    private Answer listRefunds(String account, FormParams params) {
        List<Refund> matching = new ArrayList<>();
        for (Refund refund : refunds.values()) {
            if (refund.account.equals(account)
                    && (!params.has("payment_intent") || refund.intent.equals(params.get("payment_intent")))
                    && (!params.has("charge") || refund.charge.equals(params.get("charge")))) {
                matching.add(0, refund);
            }
        }
        int from = 0;
        if (params.has("starting_after")) {
            int at = indexOf(matching, params.get("starting_after"));
            if (at < 0) {
                return noSuch("refund", params.get("starting_after"), "starting_after", 400);
            }
            from = at + 1;
        }
        int limit = params.has("limit") ? integer(params.get("limit")).intValue() : 10;
        int to = Math.min(matching.size(), from + limit);
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Refund refund : matching.subList(from, to)) {
            data.add(refundJson(refund, FormParams.empty()));
        }
        list.put("has_more", to < matching.size());
        list.put("url", "/v1/refunds");
        return ok(list);
    }

    private static int indexOf(List<Refund> refunds, String id) {
        for (int i = 0; i < refunds.size(); i++) {
            if (refunds.get(i).id.equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static void mergeMetadata(Map<String, String> metadata, Map<String, String> changes) {
        // An empty value removes the key (docs: metadata).
        changes.forEach((k, v) -> {
            if (v.isEmpty()) {
                metadata.remove(k);
            } else {
                metadata.put(k, v);
            }
        });
    }

    // ---- objects ----------------------------------------------------------------------------

    ObjectNode intentJson(Intent intent, FormParams params) {
        ObjectNode pi = JsonNodeFactory.instance.objectNode();
        pi.put("id", intent.id);
        pi.put("object", "payment_intent");
        pi.put("amount", intent.amount);
        pi.put("amount_capturable", intent.amountCapturable);
        pi.put("amount_received", intent.amountReceived);
        pi.put("canceled_at", intent.canceledAt);
        pi.put("cancellation_reason", intent.cancellationReason);
        pi.put("capture_method", intent.captureMethod);
        pi.put("created", intent.created);
        pi.put("currency", intent.currency);
        pi.put("description", intent.description);
        if (intent.lastPaymentError == null) {
            pi.putNull("last_payment_error");
        } else {
            pi.set("last_payment_error", intent.lastPaymentError.deepCopy());
        }
        if (intent.charge == null) {
            pi.putNull("latest_charge");
        } else if (params.list("expand").contains("latest_charge")) {
            pi.set("latest_charge", chargeJson(intent));
        } else {
            pi.put("latest_charge", intent.charge.id);
        }
        pi.put("livemode", false);
        ObjectNode metadata = pi.putObject("metadata");
        intent.metadata.forEach(metadata::put);
        pi.put("payment_method", intent.paymentMethod);
        pi.putObject("payment_method_options").putObject("card")
                .put("request_incremental_authorization", intent.incrementalRequest);
        pi.putArray("payment_method_types").add("card");
        pi.put("status", intent.status);
        return pi;
    }

    ObjectNode chargeJson(Intent intent) {
        Charge charge = intent.charge;
        ObjectNode ch = JsonNodeFactory.instance.objectNode();
        ch.put("id", charge.id);
        ch.put("object", "charge");
        ch.put("amount", charge.amount);
        ch.put("amount_captured", charge.amountCaptured);
        ch.put("amount_refunded", charge.amountRefunded);
        ch.put("captured", charge.captured);
        ch.put("created", charge.created);
        ch.put("currency", intent.currency);
        ch.put("livemode", false);
        ch.putObject("metadata");
        ch.put("paid", true);
        ch.put("payment_intent", intent.id);
        ObjectNode card = ch.putObject("payment_method_details").put("type", "card").putObject("card");
        card.put("brand", charge.brand);
        card.put("capture_before", charge.captureBefore);
        card.put("exp_month", 12);
        card.put("exp_year", 2034);
        card.put("last4", "amex".equals(charge.brand) ? "8431" : "4242");
        card.putObject("incremental_authorization").put("status", charge.incrementalAvailable ? "available" : "unavailable");
        ch.put("refunded", charge.amountRefunded >= charge.amount);
        ch.put("status", "succeeded");
        return ch;
    }

    ObjectNode refundJson(Refund refund, FormParams params) {
        ObjectNode re = JsonNodeFactory.instance.objectNode();
        re.put("id", refund.id);
        re.put("object", "refund");
        re.put("amount", refund.amount);
        Intent intent = intents.get(refund.intent);
        if (params.list("expand").contains("charge")) {
            re.set("charge", chargeJson(intent));
        } else {
            re.put("charge", refund.charge);
        }
        re.put("created", refund.created);
        re.put("currency", refund.currency);
        if (refund.failureReason != null) {
            re.put("failure_reason", refund.failureReason);
        }
        ObjectNode metadata = re.putObject("metadata");
        refund.metadata.forEach(metadata::put);
        if (params.list("expand").contains("payment_intent")) {
            re.set("payment_intent", intentJson(intent, FormParams.empty()));
        } else {
            re.put("payment_intent", refund.intent);
        }
        re.put("reason", refund.reason);
        re.put("status", refund.status);
        return re;
    }

    // ---- answers ----------------------------------------------------------------------------

    static Answer ok(ObjectNode body) {
        return new Answer(200, body);
    }

    Answer invalid(String code, String message, String param) {
        return error(400, "invalid_request_error", code, message, param, null, null);
    }

    Answer invalid(String code, String message, String param, Intent intent) {
        return error(400, "invalid_request_error", code, message, param, null, intent);
    }

    Answer missing(String param) {
        return invalid("parameter_missing", "Missing required param: " + param + ".", param);
    }

    Answer unknownParameter(String key) {
        return invalid("parameter_unknown", "Received unknown parameter: " + key, key);
    }

    Answer noSuch(String object, String id, String param, int status) {
        return error(status, "invalid_request_error", "resource_missing", "No such " + object + ": '" + id + "'", param,
                null, null);
    }

    /** Stripe's error body; errors about a PaymentIntent carry the PaymentIntent (docs: errors, payment_intent). */
    Answer error(int status, String type, String code, String message, String param, String declineCode, Intent intent) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://docs.stripe.com/error-codes/" + code.replace('_', '-'));
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        if (intent != null) {
            error.set("payment_intent", intentJson(intent, FormParams.empty()));
        }
        error.put("type", type);
        return new Answer(status, root);
    }

    static Long integer(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
