package io.orderhook.testkit.billmate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.orderhook.testkit.HttpSandbox;
import io.orderhook.testkit.SandboxServer;

/**
 * A Billmate (Qvickly) Payment API over real HTTP, for tests and local mode. It checks request
 * hashes per merchant, signs its answers, keeps payments in memory with Billmate's status rules
 * and error codes, counts calls per function and payment, and injects faults on demand.
 *
 * <p>Start it on its own port ({@link #start()}) or mount {@link #handler()} under a path of a
 * server you already run (local mode: {@code /sandbox/billmate}). Thread-safe.
 *
 * <p>Status rules (Status.md, API-Error-codes.md): bank (16), cash (32) and Swish (1024) payments
 * are Paid at checkout, and so is any payment added with {@code autoactivate=1}; activate only a
 * Created payment (5210 when cancelled, 5208 otherwise, 5223 for a credit invoice, 5206 when its
 * credit check was rejected, 5202 while it is pending or in manual review); cancel only a Created
 * one (5220 already cancelled, 5209 activated); update only while Created (5202; 5216 bank
 * payments; 5215 a card payment above its reserved total) with PaymentData's currency, language,
 * country and orderid (9103) and, except for card and bank payments, the customer's e-mail (9104);
 * credit only an activated one (5205 created, 5211 cancelled, 5212 a credit invoice, 5214 above the
 * original, 5213 above the balance, 5204 nothing left); a credit with {@code partcredit} false
 * credits the whole payment, so it is refused (5213) once anything was credited; 5201 unknown
 * payment. getPaymentinfo reports a Created payment's credit-check result in place of its status
 * (Approved, Pending, Handling, Rejected, Manual...). Requests are checked by {@link CartRules} and
 * {@link PaymentDataRules}; the payments and the functions' rules are kept by {@link PaymentBook},
 * credits by {@link PaymentCredits}.
 */
public final class BillmateSandbox extends HttpSandbox<SandboxFault> {

    /** How error answers are wrapped: Billmate documents the first, its examples show the second. */
    public enum ErrorEnvelope { DATA, TOP_LEVEL }

    /** How creditPayment answers: Billmate's docs show both. */
    public enum CreditAnswer { NEW_NUMBER_PAID, SAME_NUMBER_CREDITED }

    /**
     * A payment as the sandbox holds it (a copy; changing it changes nothing).
     *
     * @param chargedByRate  what the payment's cart charges per tax rate ({@link CartVat#split})
     * @param creditedByRate what its credits returned per tax rate
     */
    public record Payment(String number, String merchantId, String orderId, int method, String status,
            JsonNode articles, JsonNode cart, long totalWithTax, long creditedWithTax,
            List<String> creditNumbers, String relatedNumber, TaxByRate chargedByRate, TaxByRate creditedByRate) {

        /** Captured: activated (Paid, Factoring, PartPayment, Handling), or credited since. */
        public boolean captured() {
            return ACTIVATED.contains(status) || "Credited".equals(status);
        }
    }

    private static final Set<String> ACTIVATED = Set.of("Paid", "Factoring", "PartPayment", "Handling");

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final BillmateAnswers answers = new BillmateAnswers();
    private final PaymentBook book = new PaymentBook(answers);
    private final Handler handler = new Handler();

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public BillmateSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static BillmateSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/billmate" or ""). */
    public static BillmateSandbox start(InetSocketAddress address, String pathPrefix) {
        return listen(new BillmateSandbox(), "Billmate sandbox", address, pathPrefix);
    }

    /** The sandbox's API as a handler, to mount under any path of another server. */
    @Override
    public HttpHandler handler() {
        return handler;
    }

    /** The URL to give the client, e.g. {@code http://127.0.0.1:43121/}. Only for a started sandbox. */
    public URI endpoint() {
        return URI.create(base() + "/");
    }

    /** Registers a merchant id with its secret. */
    public BillmateSandbox merchant(String id, String secret) {
        secrets.put(id, secret);
        return this;
    }

    public BillmateSandbox errorEnvelope(ErrorEnvelope envelope) {
        answers.errorEnvelope(envelope);
        return this;
    }

    public BillmateSandbox creditAnswer(CreditAnswer answer) {
        book.creditAnswer(answer);
        return this;
    }

    /**
     * Whether getPaymentinfo answers each article with its own {@code tax}, as Get-payment-info.md
     * shows (the default); off for an answer without it, which tells no row's VAT.
     */
    public BillmateSandbox articleTaxInPaymentinfo(boolean on) {
        book.articleTaxInPaymentinfo(on);
        return this;
    }

    // ---- what tests look at -----------------------------------------------------------------

    /** How many authenticated calls of {@code function} named payment {@code number} (faulted ones included). */
    public int calls(String function, String number) {
        return book.calls(function + "#" + number);
    }

    /** How many authenticated calls of {@code function} arrived (faulted ones included). */
    public int calls(String function) {
        return book.calls(function);
    }

    /** The {@code data} of the last authenticated call of {@code function} that named payment {@code number}. */
    public Optional<JsonNode> lastData(String function, String number) {
        return book.lastData(function, number);
    }

    public Optional<Payment> payment(String number) {
        return book.payment(number);
    }

    /**
     * Sets a payment's status as Billmate would on its side: "Paid" for a payment activated in
     * Billmate Online, "Cancelled" for one cancelled there.
     */
    public void setStatus(String number, String status) {
        book.setStatus(number, status);
    }

    /**
     * Sets the credit check's result of a Created payment, which getPaymentinfo reports in place
     * of Created: "Approved", "Pending", "Manual", "Handling", "Rejected", or null for none.
     */
    public void setCreditCheck(String number, String result) {
        book.setCreditCheck(number, result);
    }

    // ---- the API ----------------------------------------------------------------------------

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    SandboxServer.send(exchange, 405, "text/plain", "Billmate takes POST only".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                serve(exchange, SandboxServer.body(exchange));
            }
        }
    }

    private void serve(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = SandboxJson.parse(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, answers.topLevelError("9005", "Please make sure that your request is valid."));
            return;
        }
        String function = request.path("function").asText("");
        if (function.isEmpty()) {
            sendJson(exchange, answers.topLevelError("9003", "The function name is required."));
            return;
        }
        JsonNode credentials = request.path("credentials");
        String id = credentials.path("id").asText("");
        String hash = credentials.path("hash").asText("");
        JsonNode data = request.path("data");
        if (id.isEmpty() || hash.isEmpty() || !data.isObject()) {
            sendJson(exchange, answers.topLevelError("9010", "ID and MAC are required."));
            return;
        }
        String secret = secrets.get(id);
        if (secret == null) {
            sendJson(exchange, answers.topLevelError("9011", "Invalid credentials."));
            return;
        }
        if (!SandboxJson.verifies(hash, data, secret)) {
            // Billmate cannot sign for a caller it did not authenticate: the top-level envelope.
            sendJson(exchange, answers.topLevelError("9013",
                    "Authentication is failed. Please double check the key and the EID you are sending are correct"));
            return;
        }
        book.count(function, PaymentBook.number(data), data);
        SandboxFault fault = faults.next(function);

        if (fault instanceof SandboxFault.Latency latency) {
            SandboxServer.hold(latency.delay());
        } else if (fault instanceof SandboxFault.ErrorCode error) {
            sendJson(exchange, answers.error(secret, error.code(), error.message()));
            return;
        } else if (fault instanceof SandboxFault.HttpStatus http) {
            SandboxServer.sendHtml(exchange, http.status());
            return;
        } else if (fault instanceof SandboxFault.Timeout timeout) {
            SandboxServer.hold(timeout.hold());
            return; // closing without an answer drops the connection
        }

        ObjectNode answer = book.apply(id, secret, function, data);
        if (fault instanceof SandboxFault.LostResponse) {
            return; // applied; the connection is dropped before any answer
        }
        if (fault instanceof SandboxFault.WrongResponseHash) {
            ((ObjectNode) answer.path("credentials")).put("hash", SandboxJson.hash(answer.path("data"), secret + "x"));
        }
        sendJson(exchange, answer);
    }

    private static void sendJson(HttpExchange exchange, ObjectNode body) throws IOException {
        SandboxServer.send(exchange, 200, "application/json; charset=utf-8",
                SandboxJson.encode(body).getBytes(StandardCharsets.UTF_8));
    }
}
