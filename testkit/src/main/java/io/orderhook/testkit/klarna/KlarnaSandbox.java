package io.orderhook.testkit.klarna;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.HttpSandbox;

/**
 * Klarna's Order Management API v1 (and the one Klarna Payments call that places an order) over
 * real HTTP, for tests and local mode. It checks HTTP Basic auth per merchant, keeps orders in
 * memory with Klarna's statuses and the calls each allows, answers Klarna's error bodies and codes,
 * honours {@code Klarna-Idempotency-Key} as Klarna documents it, counts and records calls, and
 * injects faults on demand ({@link KlarnaFault}). It implements Klarna's rules itself and shares no
 * code with orderhook's client.
 *
 * <p>Start it on its own port ({@link #start()}) or mount {@link #handler()} under a path of a
 * server you already run (local mode: {@code /sandbox/klarna}). Thread-safe.
 *
 * <p>Statuses and calls (reference §5): {@code AUTHORIZED} takes captures, cancel, update
 * authorization and extend; {@code PART_CAPTURED} takes captures, refunds, update authorization
 * (not below the captured amount), extend and release-remaining-authorization (then
 * {@code CAPTURED}); {@code CAPTURED} takes refunds; {@code CANCELLED}, {@code EXPIRED} and
 * {@code CLOSED} take nothing that changes money. Captures never exceed
 * {@code remaining_authorized_amount} and refunds never exceed captured less refunded
 * ({@code 403 CAPTURE_NOT_ALLOWED}, {@code REFUND_NOT_ALLOWED}); cancel only without captures
 * ({@code 403 CANCEL_NOT_ALLOWED}); the rest {@code 403 NOT_ALLOWED}; an unknown order
 * {@code 404 NO_SUCH_ORDER}. Lines and amounts: {@link LineRules}. The orders and these rules are
 * {@link OrderBook}'s and {@link OrderRules}'; the HTTP side (routes, authentication, idempotency,
 * faults) is {@link KlarnaEndpoint}'s.
 *
 * <p>Idempotency (reference §2): a POST or PATCH with a {@code Klarna-Idempotency-Key} is executed
 * at most once per merchant and key within 24 hours of the first; every repeat gets the first
 * answer's status and body, whatever its own body or operation. Where the reference is unsure the
 * sandbox is stricter, each marked <b>Choice</b> at its place: the key must be a UUID; a key is the
 * merchant's, not one operation's; the replay carries no {@code Capture-Id}, {@code Refund-Id} or
 * {@code Location} header; refusals are replayed too; a call on an order while another call on the
 * same order is still running is {@code 409 CONFLICT}.
 */
public final class KlarnaSandbox extends HttpSandbox<KlarnaFault> {

    /** Klarna's idempotency window. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Payment methods whose authorisation may be raised (reference §5.5); card-funded ones may not (<b>Choice</b>). */
    public static final Set<String> INCREASABLE_METHODS = Set.of("INVOICE", "B2B_INVOICE", "BASE_ACCOUNT",
            "DIRECT_DEBIT", "FIXED_AMOUNT");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A captured or refunded part of an order. */
    public record Movement(String id, long amount, JsonNode lines, String reference, String description, Instant at) {}

    /** A recorded request: what the sandbox received, before any check. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** A header's first value, the name in any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Entry::getValue).flatMap(List::stream).findFirst();
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the recorded body is not JSON: " + body, e);
            }
        }
    }

    /** An order as the sandbox holds it (a copy; changing it changes nothing). */
    public record Order(String orderId, String merchant, String status, String fraudStatus, String currency,
            long orderAmount, long originalOrderAmount, long capturedAmount, long refundedAmount,
            long remainingAuthorizedAmount, Instant expiresAt, String paymentMethodType, JsonNode lines,
            List<Movement> captures, List<Movement> refunds) {}

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private volatile Duration clockOffset = Duration.ZERO;
    private final OrderBook book = new OrderBook(this::now);
    private final KlarnaEndpoint endpoint = new KlarnaEndpoint(passwords, book, faults, this::now);

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public KlarnaSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static KlarnaSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/klarna" or ""). */
    public static KlarnaSandbox start(InetSocketAddress address, String pathPrefix) {
        return listen(new KlarnaSandbox(), "Klarna sandbox", address, pathPrefix);
    }

    /** The sandbox's API as a handler, to mount under any path of another server (its context path is taken off). */
    @Override
    public HttpHandler handler() {
        return endpoint;
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:43121/}. Only for a started sandbox. */
    public URI baseUrl() {
        return URI.create(base() + "/");
    }

    /** Registers API credentials: Basic auth with {@code username} and {@code password}. */
    public KlarnaSandbox merchant(String username, String password) {
        passwords.put(username, password);
        return this;
    }

    // ---- the customer's side and Klarna's own -------------------------------------------------

    /**
     * The customer authorised a payment in Klarna's widget: the authorization token the shop's
     * checkout places its order with. Orders placed with a token Klarna did not hand out are
     * INVOICE and ACCEPTED.
     *
     * @param paymentMethodType {@code initial_payment_method.type}: "INVOICE", "CARD", "FIXED_AMOUNT", ...
     * @param fraudStatus       ACCEPTED, PENDING or REJECTED
     */
    public String authorizationToken(String paymentMethodType, String fraudStatus) {
        return book.authorizationToken(paymentMethodType, fraudStatus);
    }

    /** Klarna's fraud review decided (ACCEPTED, REJECTED, STOPPED), as its pending-order notification says. */
    public void setFraudStatus(String orderId, String fraudStatus) {
        book.setFraudStatus(orderId, fraudStatus);
    }

    /** The authorisation lapses now: the order is EXPIRED when next looked at. */
    public void expire(String orderId) {
        book.expire(orderId);
    }

    /** Klarna closes the order (its trigger is not documented): nothing that moves money is allowed after. */
    public void close(String orderId) {
        book.close(orderId);
    }

    /** Moves the sandbox's clock forward (idempotency window, expiry, extension). */
    public synchronized void advance(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    /** The merchant's authorisation period (default 28 days). */
    public KlarnaSandbox authorizationPeriod(Duration period) {
        book.authorizationPeriod(period);
        return this;
    }

    /** Klarna's new credit decision refuses every increase of an authorisation, whatever the method. */
    public KlarnaSandbox refuseIncreases(boolean refuse) {
        book.refuseIncreases(refuse);
        return this;
    }

    // ---- what tests look at -------------------------------------------------------------------

    /**
     * How many authenticated calls of {@code operation} arrived (faulted and replayed ones included).
     * Operations: {@code place_order}, {@code get_order}, {@code capture}, {@code get_captures},
     * {@code get_capture}, {@code refund}, {@code get_refund}, {@code cancel},
     * {@code update_authorization}, {@code extend_authorization_time},
     * {@code release_remaining_authorization}, {@code acknowledge}, {@code update_merchant_references}.
     */
    public int calls(String operation) {
        return endpoint.calls(operation);
    }

    /** How many authenticated calls of {@code operation} named order {@code orderId}. */
    public int calls(String operation, String orderId) {
        return endpoint.calls(operation + "#" + orderId);
    }

    /** Every request of {@code operation} on {@code orderId}, oldest first, as received. */
    public List<Request> requests(String operation, String orderId) {
        return endpoint.requests(operation, orderId);
    }

    public Request lastRequest(String operation, String orderId) {
        List<Request> found = requests(operation, orderId);
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + operation + " request for order " + orderId);
        }
        return found.get(found.size() - 1);
    }

    public Optional<Order> order(String orderId) {
        return book.order(orderId);
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }
}
