package io.orderhook.testkit.stripe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.HttpSandbox;
import io.orderhook.testkit.stripe.StripeRules.Answer;
import io.orderhook.testkit.stripe.StripeRules.Operation;

/**
 * Stripe's PaymentIntents and Refunds API over real HTTP, for tests and local mode: secret-key
 * authentication (Bearer, or Basic with the key as user name as the WooCommerce plugin sends it),
 * form-encoded parameters, PaymentIntents, charges and refunds in memory with Stripe's statuses and
 * the calls each allows ({@link StripeRules}), Stripe's error bodies and codes, idempotency as
 * Stripe documents it, faults on demand ({@link StripeFault}), and call counts.
 *
 * <p>Idempotency (docs: idempotent requests): a POST's {@code Idempotency-Key} is kept per account
 * with the endpoint, the parameters and the answer, once the endpoint began executing (business
 * errors and 500s included); a repeat with the same endpoint and parameters gets the first answer
 * again, unchanged; with others, a 400 {@code idempotency_error}; while the first is still running,
 * a 409 {@code idempotency_key_in_use}. Requests refused before execution (authentication, unknown
 * or invalid parameters, rate limits) store nothing, so the key can be used again. Keys are pruned
 * after 24 hours ({@link #advanceTime}); a GET's key is ignored.
 *
 * <p>Start it on its own port ({@link #start()}) or mount {@link #handler()} under a path of a
 * server you already run (local mode: {@code /sandbox/stripe}); the client's API base is then that
 * path. Thread-safe.
 */
public final class StripeSandbox extends HttpSandbox<StripeFault> {

    /** A PaymentIntent as the sandbox holds it, with its charge (a copy; changing it changes nothing). */
    public record PaymentIntent(String id, String account, String status, long amount, long amountCapturable,
            long amountReceived, String currency, String captureMethod, String cancellationReason,
            Map<String, String> metadata, String chargeId, long amountCaptured, long amountRefunded,
            boolean incrementalAuthorizationAvailable, Instant captureBefore, int captures, int increments) {}

    /** A refund as the sandbox holds it. */
    public record Refund(String id, String paymentIntent, String charge, long amount, String currency, String reason,
            String status, Map<String, String> metadata) {}

    /**
     * One request as it arrived, for wire tests.
     *
     * @param operation the call's name ("capture", "create_refund"...), or null for a path Stripe does not have
     * @param headers   the request's headers, names in lower case
     * @param params    the parameters (form body or query), keys decoded
     */
    public record Request(String operation, String method, String path, String query, Map<String, List<String>> headers,
            String body, Map<String, String> params) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Secret key -> account; read-only restricted keys answer 403 to a POST. */
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> readOnly = new ConcurrentHashMap<>();
    private volatile Duration clockOffset = Duration.ZERO;
    private final StripeRules rules = new StripeRules(this::now);
    private final StripeEndpoint handler = new StripeEndpoint(this, rules, accounts, readOnly, faults, this::now);

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public StripeSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static StripeSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/stripe" or ""). */
    public static StripeSandbox start(InetSocketAddress address, String pathPrefix) {
        return listen(new StripeSandbox(), "Stripe sandbox", address, pathPrefix);
    }

    /** The API as a handler, to mount under any path of another server; paths below it start with {@code /v1/}. */
    @Override
    public HttpHandler handler() {
        return handler;
    }

    /** The API base to give the client, e.g. {@code http://127.0.0.1:43121}. Only for a started sandbox. */
    public String apiBase() {
        return base();
    }

    /** {@link #apiBase()} as a URI. */
    public URI endpoint() {
        return URI.create(apiBase());
    }

    /** Registers a secret key ({@code sk_test_…}) for an account of its own. */
    public StripeSandbox secretKey(String key) {
        accounts.put(key, "acct_" + Integer.toHexString(key.hashCode() & 0x7fffffff));
        return this;
    }

    /** Registers a restricted key of {@code secretKey}'s account that may only read (POSTs answer 403). */
    public StripeSandbox readOnlyKey(String key, String secretKey) {
        String account = accounts.get(secretKey);
        if (account == null) {
            throw new IllegalArgumentException("register the secret key first");
        }
        accounts.put(key, account);
        readOnly.put(key, true);
        return this;
    }

    // ---- the merchant's Dashboard (the customer's checkout is StripeCheckout's) ----------------

    /** The merchant captures in the Stripe Dashboard ({@code amount} null: all of it). */
    public synchronized void captureInDashboard(String paymentIntentId, Long amount) {
        FormParams params = FormParams.parse(amount == null ? "" : "amount_to_capture=" + amount);
        requireOk(rules.execute(Operation.CAPTURE, intent(paymentIntentId).account, paymentIntentId, params));
    }

    /** The merchant cancels in the Stripe Dashboard. */
    public synchronized void cancelInDashboard(String paymentIntentId) {
        requireOk(rules.execute(Operation.CANCEL, intent(paymentIntentId).account, paymentIntentId, FormParams.empty()));
    }

    /** The merchant refunds in the Stripe Dashboard; answers the refund's id. */
    public synchronized String refundInDashboard(String paymentIntentId, long amount) {
        FormParams params = FormParams.parse("payment_intent=" + paymentIntentId + "&amount=" + amount);
        Answer answer = rules.execute(Operation.CREATE_REFUND, intent(paymentIntentId).account, null, params);
        requireOk(answer);
        return answer.body().path("id").asText();
    }

    /** A refund fails after it was made (the card was closed): it returns nothing any more. */
    public synchronized void failRefund(String refundId, String failureReason) {
        StripeLedger.Refund refund = rules.ledger.refunds.get(refundId);
        if (refund == null) {
            throw new IllegalArgumentException("the sandbox has no refund " + refundId);
        }
        rules.ledger.fail(refund, failureReason);
    }

    /** The authorisation's capture window ends now: Stripe cancels it at the next look and releases the money. */
    public synchronized void expireAuthorization(String paymentIntentId) {
        StripeLedger.Intent intent = intent(paymentIntentId);
        intent.charge.captureBefore = now().getEpochSecond() - 1;
    }

    /** The card issuer declines every further incremental authorisation of this PaymentIntent. */
    public synchronized void declineIncrements(String paymentIntentId) {
        intent(paymentIntentId).declineIncrements = true;
    }

    /** Sets a PaymentIntent's status as Stripe would on its side ("processing", "requires_action"...). */
    public synchronized void setStatus(String paymentIntentId, String status) {
        intent(paymentIntentId).status = status;
    }

    /** Moves the sandbox's clock: idempotency keys older than 24 hours are forgotten, authorisations expire. */
    public void advanceTime(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    // ---- what tests look at -----------------------------------------------------------------

    /** The PaymentIntent as the sandbox holds it now (an expired authorisation shows as cancelled). */
    public synchronized Optional<PaymentIntent> paymentIntent(String id) {
        StripeLedger.Intent intent = rules.ledger.intents.get(id);
        if (intent == null) {
            return Optional.empty();
        }
        rules.ledger.expireIfDue(intent);
        return Optional.of(intent.snapshot());
    }

    /** The PaymentIntent's refunds, oldest first, Stripe's own releases ({@code expired_uncaptured_charge}) included. */
    public synchronized List<Refund> refunds(String paymentIntentId) {
        return rules.ledger.refunds.values().stream().filter(r -> r.intent.equals(paymentIntentId))
                .map(StripeLedger.Refund::snapshot).toList();
    }

    /** How many authenticated calls of {@code operation} ("capture", "create_refund"...) arrived, faulted ones included. */
    public int calls(String operation) {
        return handler.calls(operation);
    }

    /** The same, for calls that named this PaymentIntent (in the path, or as {@code payment_intent}). */
    public int calls(String operation, String paymentIntentId) {
        return handler.calls(operation + "#" + paymentIntentId);
    }

    /** Every request that arrived, oldest first. */
    public List<Request> requests() {
        return handler.requests();
    }

    /** The last request of {@code operation}. */
    public Optional<Request> lastRequest(String operation) {
        List<Request> requests = handler.requests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (operation.equals(requests.get(i).operation())) {
                return Optional.of(requests.get(i));
            }
        }
        return Optional.empty();
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private static void requireOk(Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("Stripe would refuse this: " + answer.body());
        }
    }

    private StripeLedger.Intent intent(String id) {
        StripeLedger.Intent intent = rules.ledger.intents.get(id);
        if (intent == null) {
            throw new IllegalArgumentException("the sandbox has no PaymentIntent " + id);
        }
        return intent;
    }

    /** Parses a JSON answer body, for tests that read the wire themselves. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
