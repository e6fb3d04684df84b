package io.orderhook.testkit.billmate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.order.TaxSplit;


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
 * (Approved, Pending, Handling, Rejected, Manual...). Carts are checked by {@link CartRules}.
 */
public final class BillmateSandbox implements AutoCloseable {

    /** How error answers are wrapped: Billmate documents the first, its examples show the second. */
    public enum ErrorEnvelope { DATA, TOP_LEVEL }

    /** How creditPayment answers: Billmate's docs show both. */
    public enum CreditAnswer { NEW_NUMBER_PAID, SAME_NUMBER_CREDITED }

    /**
     * A payment as the sandbox holds it (a copy; changing it changes nothing).
     *
     * @param chargedByRate  what the payment's cart charges per tax rate ({@link CartRules#split})
     * @param creditedByRate what its credits returned per tax rate
     */
    public record Payment(String number, String merchantId, String orderId, int method, String status,
            JsonNode articles, JsonNode cart, long totalWithTax, long creditedWithTax,
            List<String> creditNumbers, String relatedNumber, TaxSplit chargedByRate, TaxSplit creditedByRate) {

        /** Captured: activated (Paid, Factoring, PartPayment, Handling), or credited since. */
        public boolean captured() {
            return ACTIVATED.contains(status) || "Credited".equals(status);
        }
    }

    private static final Set<String> ACTIVATED = Set.of("Paid", "Factoring", "PartPayment", "Handling");
    /** Bank, cash (receipt) and Swish: the money is taken at checkout, there is no reservation. */
    private static final Set<Integer> PAID_AT_CHECKOUT = Set.of(16, 32, 1024);

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, StoredPayment> payments = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final Map<String, JsonNode> lastData = new HashMap<>();
    private final List<ScheduledFault> faults = new ArrayList<>();
    private final AtomicLong nextNumber = new AtomicLong(1000235);
    private final AtomicLong nextLogId = new AtomicLong(7000001);
    private volatile ErrorEnvelope errorEnvelope = ErrorEnvelope.DATA;
    private volatile CreditAnswer creditAnswer = CreditAnswer.NEW_NUMBER_PAID;
    private volatile boolean articleTaxInPaymentinfo = true;
    private final Handler handler = new Handler();

    private HttpServer server;
    private ExecutorService executor;
    private String pathPrefix = "";

    /** A sandbox not yet listening: mount {@link #handler()} on a server of your own. */
    public BillmateSandbox() {}

    /** A sandbox listening on 127.0.0.1 on a free port, at the root path. */
    public static BillmateSandbox start() {
        return start(new InetSocketAddress("127.0.0.1", 0), "");
    }

    /** A sandbox listening on {@code address} under {@code pathPrefix} (e.g. "/sandbox/billmate" or ""). */
    public static BillmateSandbox start(InetSocketAddress address, String pathPrefix) {
        BillmateSandbox sandbox = new BillmateSandbox();
        try {
            sandbox.server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Billmate sandbox on " + address + ": " + e.getMessage(), e);
        }
        sandbox.pathPrefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        // Held (timeout) calls must not block other calls: one thread per exchange.
        sandbox.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "billmate-sandbox");
            t.setDaemon(true);
            return t;
        });
        sandbox.server.setExecutor(sandbox.executor);
        sandbox.server.createContext(sandbox.pathPrefix.isEmpty() ? "/" : sandbox.pathPrefix, sandbox.handler);
        sandbox.server.start();
        return sandbox;
    }

    /** The sandbox's API as a handler, to mount under any path of another server. */
    public HttpHandler handler() {
        return handler;
    }

    /** The URL to give the client, e.g. {@code http://127.0.0.1:43121/}. Only for a started sandbox. */
    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("this sandbox was not started; it is served by the server it is mounted on");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix + "/");
    }

    /** Registers a merchant id with its secret. */
    public BillmateSandbox merchant(String id, String secret) {
        secrets.put(id, secret);
        return this;
    }

    public BillmateSandbox errorEnvelope(ErrorEnvelope envelope) {
        this.errorEnvelope = envelope;
        return this;
    }

    public BillmateSandbox creditAnswer(CreditAnswer answer) {
        this.creditAnswer = answer;
        return this;
    }

    /**
     * Whether getPaymentinfo answers each article with its own {@code tax}, as Get-payment-info.md
     * shows (the default); off for an answer without it, which tells no row's VAT.
     */
    public BillmateSandbox articleTaxInPaymentinfo(boolean on) {
        this.articleTaxInPaymentinfo = on;
        return this;
    }

    // ---- faults -----------------------------------------------------------------------------

    /** Injects {@code fault} into the next {@code times} calls of {@code function} (null: any function). */
    public synchronized void inject(String function, int times, SandboxFault fault) {
        faults.add(new ScheduledFault(function, times, fault));
    }

    /** Injects {@code fault} into the next call of any function. */
    public void inject(SandboxFault fault) {
        inject(null, 1, fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** Faults scheduled but not yet used. */
    public synchronized int pendingFaults() {
        return faults.stream().mapToInt(f -> f.remaining).sum();
    }

    // ---- what tests look at -----------------------------------------------------------------

    /** How many authenticated calls of {@code function} named payment {@code number} (faulted ones included). */
    public synchronized int calls(String function, String number) {
        return callCounts.getOrDefault(function + "#" + number, 0);
    }

    /** How many authenticated calls of {@code function} arrived (faulted ones included). */
    public synchronized int calls(String function) {
        return callCounts.getOrDefault(function, 0);
    }

    /** The {@code data} of the last authenticated call of {@code function} that named payment {@code number}. */
    public synchronized Optional<JsonNode> lastData(String function, String number) {
        JsonNode data = lastData.get(function + "#" + number);
        return data == null ? Optional.empty() : Optional.of(data.deepCopy());
    }

    public synchronized Optional<Payment> payment(String number) {
        StoredPayment stored = payments.get(number);
        return stored == null ? Optional.empty() : Optional.of(stored.snapshot());
    }

    /**
     * Sets a payment's status as Billmate would on its side: "Paid" for a payment activated in
     * Billmate Online, "Cancelled" for one cancelled there.
     */
    public synchronized void setStatus(String number, String status) {
        stored(number).status = status;
    }

    /**
     * Sets the credit check's result of a Created payment, which getPaymentinfo reports in place
     * of Created: "Approved", "Pending", "Manual", "Handling", "Rejected", or null for none.
     */
    public synchronized void setCreditCheck(String number, String result) {
        stored(number).creditCheck = result;
    }

    private StoredPayment stored(String number) {
        StoredPayment stored = payments.get(number);
        if (stored == null) {
            throw new IllegalArgumentException("the sandbox has no payment " + number);
        }
        return stored;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---- the API ----------------------------------------------------------------------------

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    send(exchange, 405, "text/plain", "Billmate takes POST only");
                    return;
                }
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                serve(exchange, new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    private void serve(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = SandboxJson.parse(body);
        } catch (JsonProcessingException e) {
            sendJson(exchange, topLevelError("9005", "Please make sure that your request is valid."));
            return;
        }
        String function = request.path("function").asText("");
        if (function.isEmpty()) {
            sendJson(exchange, topLevelError("9003", "The function name is required."));
            return;
        }
        JsonNode credentials = request.path("credentials");
        String id = credentials.path("id").asText("");
        String hash = credentials.path("hash").asText("");
        JsonNode data = request.path("data");
        if (id.isEmpty() || hash.isEmpty() || !data.isObject()) {
            sendJson(exchange, topLevelError("9010", "ID and MAC are required."));
            return;
        }
        String secret = secrets.get(id);
        if (secret == null) {
            sendJson(exchange, topLevelError("9011", "Invalid credentials."));
            return;
        }
        if (!SandboxJson.verifies(hash, data, secret)) {
            // Billmate cannot sign for a caller it did not authenticate: the top-level envelope.
            sendJson(exchange, topLevelError("9013",
                    "Authentication is failed. Please double check the key and the EID you are sending are correct"));
            return;
        }
        String number = number(data);
        SandboxFault fault = count(function, number, data);

        if (fault instanceof SandboxFault.Latency latency) {
            sleep(latency.delay());
        } else if (fault instanceof SandboxFault.ErrorCode error) {
            sendJson(exchange, error(secret, error.code(), error.message()));
            return;
        } else if (fault instanceof SandboxFault.HttpStatus http) {
            send(exchange, http.status(), "text/html", "<html><body><h1>" + http.status() + "</h1></body></html>");
            return;
        } else if (fault instanceof SandboxFault.Timeout timeout) {
            sleep(timeout.hold());
            return; // closing without an answer drops the connection
        }

        ObjectNode answer = apply(id, secret, function, data);
        if (fault instanceof SandboxFault.LostResponse) {
            return; // applied; the connection is dropped before any answer
        }
        if (fault instanceof SandboxFault.WrongResponseHash) {
            ((ObjectNode) answer.path("credentials")).put("hash", SandboxJson.hash(answer.path("data"), secret + "x"));
        }
        sendJson(exchange, answer);
    }

    private synchronized SandboxFault count(String function, String number, JsonNode data) {
        callCounts.merge(function, 1, Integer::sum);
        if (number != null) {
            lastData.put(function + "#" + number, data.deepCopy());
        }
        if (number != null) {
            callCounts.merge(function + "#" + number, 1, Integer::sum);
        }
        for (Iterator<ScheduledFault> it = faults.iterator(); it.hasNext();) {
            ScheduledFault scheduled = it.next();
            if (scheduled.function == null || scheduled.function.equals(function)) {
                scheduled.remaining--;
                if (scheduled.remaining <= 0) {
                    it.remove();
                }
                return scheduled.fault;
            }
        }
        return null;
    }

    private synchronized ObjectNode apply(String merchantId, String secret, String function, JsonNode data) {
        return switch (function) {
            case "addPayment" -> addPayment(merchantId, secret, data);
            case "activatePayment" -> activatePayment(merchantId, secret, data);
            case "cancelPayment" -> cancelPayment(merchantId, secret, data);
            case "updatePayment" -> updatePayment(merchantId, secret, data);
            case "creditPayment" -> creditPayment(merchantId, secret, data);
            case "getPaymentinfo" -> getPaymentinfo(merchantId, secret, data);
            default -> error(secret, "9001", "The method that you are calling does not exist: " + function);
        };
    }

    private ObjectNode addPayment(String merchantId, String secret, JsonNode data) {
        JsonNode paymentData = data.path("PaymentData");
        int method;
        try {
            method = Integer.parseInt(paymentData.path("method").asText("1"));
        } catch (NumberFormatException e) {
            return error(secret, "5207", "Method is unknown: " + paymentData.path("method").asText());
        }
        if (!Set.of(1, 2, 4, 8, 16, 32, 1024).contains(method)) {
            return error(secret, "5207", "Method is unknown: " + method);
        }
        int paidWith = method;
        Optional<CartRules.Violation> violation = CartRules.checkPaymentData(data)
                .or(() -> CartRules.checkCustomer(data, paidWith)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return error(secret, violation.get().code(), violation.get().message());
        }
        StoredPayment payment = new StoredPayment();
        payment.number = Long.toString(nextNumber.getAndIncrement());
        payment.merchantId = merchantId;
        payment.orderId = paymentData.path("orderid").asText();
        payment.currency = paymentData.path("currency").asText();
        payment.country = paymentData.path("country").asText();
        payment.language = paymentData.path("language").asText();
        payment.method = method;
        // Direct payments are taken when the customer pays; autoactivate=1 finalises any payment at once.
        boolean autoactivate = "1".equals(paymentData.path("autoactivate").asText("0"));
        payment.status = PAID_AT_CHECKOUT.contains(method) || autoactivate ? activatedStatus(method) : "Created";
        payment.customer = data.path("Customer").isObject() ? data.path("Customer").deepCopy() : JsonNodeFactory.instance.objectNode();
        setCart(payment, data);
        payments.put(payment.number, payment);
        callCounts.merge("addPayment#" + payment.number, 1, Integer::sum);
        return ok(secret, paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode activatePayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if (payment.relatedNumber != null) {
            return error(secret, "5223", "Cannot activate a credit invoice.");
        }
        if ("Cancelled".equals(payment.status)) {
            return error(secret, "5210", "Cannot activate a cancelled invoice.");
        }
        if (!"Created".equals(payment.status)) {
            return error(secret, "5208", "Unable to activate a non created invoice (status " + payment.status + ").");
        }
        if ("Rejected".equals(payment.creditCheck)) {
            return error(secret, "5206", "Could not activate Factoring invoice. Person number was denied in credit check.");
        }
        if ("Pending".equals(payment.creditCheck) || "Manual".equals(payment.creditCheck)) {
            return error(secret, "5202", "Invalid status of payment: the credit check is " + payment.creditCheck + ".");
        }
        payment.status = activatedStatus(payment.method);
        return ok(secret, paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode cancelPayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if ("Cancelled".equals(payment.status)) {
            return error(secret, "5220", "Can not cancel an already cancelled payment.");
        }
        if (!"Created".equals(payment.status)) {
            return error(secret, "5209", "Unable to cancel a sent invoice (status " + payment.status + ").");
        }
        payment.status = "Cancelled";
        return ok(secret, paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode updatePayment(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if (payment.method == 16) {
            return error(secret, "5216", "You can not update a bank payment.");
        }
        if (!"Created".equals(payment.status)) {
            return error(secret, "5202", "Couldn't update payment - payment does not have status created.");
        }
        Optional<CartRules.Violation> violation = CartRules.checkPaymentData(data)
                .or(() -> CartRules.checkCustomer(data, payment.method)).or(() -> CartRules.check(data));
        if (violation.isPresent()) {
            return error(secret, violation.get().code(), violation.get().message());
        }
        long newTotal = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
        if (payment.method == 8 && newTotal > payment.reservedWithTax) {
            return error(secret, "5215",
                    "The payment was not updated. Can not update to a value that exceeds the original value.");
        }
        setCart(payment, data);
        return ok(secret, paymentAnswer(payment, payment.number, payment.status));
    }

    private ObjectNode creditPayment(String merchantId, String secret, JsonNode data) {
        JsonNode paymentData = data.path("PaymentData");
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        if (payment.relatedNumber != null) {
            return error(secret, "5212", "Cannot credit a credit invoice.");
        }
        if ("Cancelled".equals(payment.status)) {
            return error(secret, "5211", "Cannot credit a cancelled invoice.");
        }
        if ("Created".equals(payment.status)) {
            return error(secret, "5205", "Cannot credit a created invoice or part payment invoice.");
        }
        String partcredit = paymentData.path("partcredit").asText("false");
        boolean part = "true".equals(partcredit) || "1".equals(partcredit);
        long balance = payment.totalWithTax - payment.creditedWithTax;
        long amount;
        JsonNode articles;
        if (part) {
            Optional<CartRules.Violation> violation = CartRules.check(data);
            if (violation.isPresent()) {
                return error(secret, violation.get().code(), violation.get().message());
            }
            amount = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
            if (amount > payment.totalWithTax) {
                return error(secret, "5214", "Amount too high. Cannot credit more than the value of the original payment.");
            }
            if (amount > balance) {
                return error(secret, "5213", "Amount too high. Cannot credit more than the value of balance due.");
            }
            articles = data.path("Articles").deepCopy();
        } else {
            if (balance <= 0) {
                return error(secret, "5204", "Cannot credit more than balance due");
            }
            // partcredit=false credits the whole payment ("the full amount is always credited"), which
            // no longer fits once part of it was credited.
            if (payment.creditedWithTax > 0) {
                return error(secret, "5213", "Amount too high. Cannot credit more than the value of balance due.");
            }
            amount = payment.totalWithTax;
            articles = payment.articles.deepCopy();
        }
        StoredPayment credit = new StoredPayment();
        credit.number = Long.toString(nextNumber.getAndIncrement());
        credit.merchantId = merchantId;
        credit.orderId = payment.orderId;
        credit.currency = payment.currency;
        credit.country = payment.country;
        credit.language = payment.language;
        credit.method = payment.method;
        credit.status = "Paid"; // credit invoices are activated at once
        credit.articles = articles;
        credit.cart = part ? data.path("Cart").deepCopy() : payment.cart.deepCopy();
        credit.totalWithTax = amount;
        credit.reservedWithTax = amount;
        credit.relatedNumber = payment.number;
        credit.customer = payment.customer;
        payments.put(credit.number, credit);

        payment.creditedWithTax += amount;
        payment.creditedByRate = payment.creditedByRate.plus(part ? CartRules.split(data) : payment.chargedByRate());
        payment.creditNumbers.add(credit.number);
        if (payment.creditedWithTax >= payment.totalWithTax) {
            payment.status = "Credited";
        }
        return creditAnswer == CreditAnswer.NEW_NUMBER_PAID
                ? ok(secret, paymentAnswer(payment, credit.number, "Paid"))
                : ok(secret, paymentAnswer(payment, payment.number, "Credited"));
    }

    private ObjectNode getPaymentinfo(String merchantId, String secret, JsonNode data) {
        StoredPayment payment = find(merchantId, number(data));
        if (payment == null) {
            return noSuchPayment(secret, data);
        }
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("PaymentData")
                .put("method", Integer.toString(payment.method))
                .put("paymentplanid", "")
                .put("currency", payment.currency)
                .put("country", payment.country)
                .put("language", payment.language)
                .put("autoactivate", "0")
                .put("orderid", payment.orderId)
                .put("status", "Created".equals(payment.status) && payment.creditCheck != null ? payment.creditCheck
                        : payment.status)
                .put("paymentid_related", payment.relatedNumber == null ? "" : payment.relatedNumber)
                .put("url", url(payment.number));
        info.putObject("PaymentInfo").put("paymentdate", "").put("paymentterms", "14");
        info.set("Customer", payment.customer.deepCopy());
        info.set("Articles", articlesWithTax(payment.articles, articleTaxInPaymentinfo));
        info.set("Cart", payment.cart.deepCopy());
        return ok(secret, info);
    }

    /**
     * getPaymentinfo answers each article with its own {@code "tax"} after {@code aprice}
     * (Get-payment-info.md): the row's VAT as Billmate books it ({@link CartRules#rowTax}); with
     * {@code withTax} false, no article has one.
     */
    private static ArrayNode articlesWithTax(JsonNode articles, boolean withTax) {
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        for (JsonNode article : articles) {
            if (!article.isObject()) {
                answer.add(article.deepCopy());
                continue;
            }
            BigDecimal withouttax = CartRules.decimal(article.path("withouttax"));
            BigDecimal taxrate = CartRules.decimal(article.path("taxrate"));
            String tax = !withTax || withouttax == null || taxrate == null ? null
                    : Long.toString(CartRules.rowTax(withouttax, taxrate));
            ObjectNode row = answer.addObject();
            article.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("tax")) {
                    row.set(field.getKey(), field.getValue().deepCopy());
                }
                if (field.getKey().equals("aprice") && tax != null) {
                    row.put("tax", tax);
                }
            });
            if (tax != null && !row.has("tax")) {
                row.put("tax", tax);
            }
        }
        return answer;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private StoredPayment find(String merchantId, String number) {
        StoredPayment payment = number == null ? null : payments.get(number);
        return payment != null && payment.merchantId.equals(merchantId) ? payment : null;
    }

    private ObjectNode noSuchPayment(String secret, JsonNode data) {
        String number = number(data);
        if (number == null) {
            return error(secret, "5200", "Payment number is mandatory");
        }
        return error(secret, "5201", "Invoice number " + number + " does not exist.");
    }

    /** {@code data.number} in the current docs; {@code data.PaymentData.number} in older modules. */
    private static String number(JsonNode data) {
        JsonNode number = data.path("number");
        if (number.isMissingNode() || number.asText().isEmpty()) {
            number = data.path("PaymentData").path("number");
        }
        return number.isMissingNode() || number.isNull() || number.asText().isEmpty() ? null : number.asText();
    }

    private static void setCart(StoredPayment payment, JsonNode data) {
        payment.articles = data.path("Articles").deepCopy();
        payment.cart = data.path("Cart").deepCopy();
        payment.totalWithTax = CartRules.integer(data.path("Cart").path("Total").path("withtax"));
        payment.charged = CartRules.split(data);
        if (payment.reservedWithTax == 0) {
            payment.reservedWithTax = payment.totalWithTax;
        }
    }

    private static String activatedStatus(int method) {
        return switch (method) {
            case 1 -> "Factoring";
            case 2 -> "Handling";
            case 4 -> "PartPayment";
            default -> "Paid";
        };
    }

    private ObjectNode paymentAnswer(StoredPayment payment, String number, String status) {
        return JsonNodeFactory.instance.objectNode()
                .put("number", number)
                .put("orderid", payment.orderId)
                .put("status", status)
                .put("url", url(number));
    }

    private static String url(String number) {
        return "https://sandbox.invalid/invoice/" + number;
    }

    private ObjectNode ok(String secret, ObjectNode data) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("credentials")
                .put("hash", SandboxJson.hash(data, secret))
                .put("logid", Long.toString(nextLogId.getAndIncrement()));
        root.set("data", data);
        return root;
    }

    private ObjectNode error(String secret, String code, String message) {
        String logid = Long.toString(nextLogId.getAndIncrement());
        if (errorEnvelope == ErrorEnvelope.TOP_LEVEL) {
            return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).put("logid", logid);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).put("logid", logid);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("credentials").put("hash", SandboxJson.hash(data, secret)).put("logid", logid);
        root.set("data", data);
        return root;
    }

    private ObjectNode topLevelError(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message)
                .put("logid", Long.toString(nextLogId.getAndIncrement()));
    }

    private static void sendJson(HttpExchange exchange, ObjectNode body) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", SandboxJson.encode(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ScheduledFault {
        final String function;
        int remaining;
        final SandboxFault fault;

        ScheduledFault(String function, int remaining, SandboxFault fault) {
            this.function = function;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private static final class StoredPayment {
        String number;
        String merchantId;
        String orderId;
        String currency;
        String country;
        String language;
        int method;
        String status;
        /** The credit check's result for a Created payment (Approved, Pending, Handling, Rejected, Manual), or null. */
        String creditCheck;
        JsonNode customer;
        JsonNode articles;
        JsonNode cart;
        long totalWithTax;
        long reservedWithTax;
        long creditedWithTax;
        TaxSplit charged = TaxSplit.EMPTY;
        TaxSplit creditedByRate = TaxSplit.EMPTY;
        final List<String> creditNumbers = new ArrayList<>();
        String relatedNumber;

        Payment snapshot() {
            return new Payment(number, merchantId, orderId, method, status, articles.deepCopy(), cart.deepCopy(),
                    totalWithTax, creditedWithTax, List.copyOf(creditNumbers), relatedNumber, charged, creditedByRate);
        }

        TaxSplit chargedByRate() {
            return charged;
        }
    }
}
