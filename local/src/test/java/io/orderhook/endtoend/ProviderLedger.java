package io.orderhook.endtoend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.testkit.billmate.BillmateSandbox;

/**
 * Sits in front of the Billmate sandbox and writes down, for every call naming a payment, the
 * payment as the sandbox held it before and after the call. That tells a call that changed
 * the payment (applied, whether or not its answer reached orderhook) from one that did not,
 * and shows a call sent for a payment that was already in the state the call asks for.
 * Calls for one payment never overlap (one order is processed by one worker at a time), so
 * the before/after pair belongs to the call.
 */
final class ProviderLedger extends Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call: the function, the payment, and the payment's state around the call. */
    record Call(String function, String number, String statusBefore, String statusAfter, long creditedBefore,
            long creditedAfter, long totalBefore, long totalAfter) {

        PaymentState before() {
            return BillmateProvider.state(statusBefore);
        }

        PaymentState after() {
            return BillmateProvider.state(statusAfter);
        }

        boolean creditApplied() {
            return creditedAfter > creditedBefore;
        }

        @Override
        public String toString() {
            return function + " " + statusBefore + "->" + statusAfter
                    + (creditedAfter != creditedBefore ? " credited " + creditedBefore + "->" + creditedAfter : "")
                    + (totalAfter != totalBefore ? " total " + totalBefore + "->" + totalAfter : "");
        }
    }

    private volatile BillmateSandbox sandbox;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    ProviderLedger() {
    }

    /** The sandbox it sits in front of (known once the stack it is part of has started). */
    void watch(BillmateSandbox watched) {
        this.sandbox = watched;
    }

    List<Call> calls(String number) {
        return calls.stream().filter(c -> c.number().equals(number)).toList();
    }

    List<Call> calls(String function, String number) {
        return calls.stream().filter(c -> c.number().equals(number) && c.function().equals(function)).toList();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new ByteArrayInputStream(body), null);
        String function = "";
        String number = null;
        try {
            JsonNode request = JSON.readTree(body);
            function = request.path("function").asText("");
            // getPaymentinfo, activate and cancel name the payment in data.number; update and
            // credit in data.PaymentData.number.
            JsonNode data = request.path("data");
            number = data.has("number") ? data.path("number").asText(null) : data.path("PaymentData").path("number").asText(null);
        } catch (IOException | RuntimeException notJson) {
            // not a call the ledger can attribute; the sandbox answers it as it does
        }
        Optional<BillmateSandbox.Payment> before = number == null ? Optional.empty() : sandbox.payment(number);
        try {
            chain.doFilter(exchange);
        } finally {
            if (before.isPresent()) {
                BillmateSandbox.Payment after = sandbox.payment(number).orElseThrow();
                calls.add(new Call(function, number, before.get().status(), after.status(), before.get().creditedWithTax(),
                        after.creditedWithTax(), before.get().totalWithTax(), after.totalWithTax()));
            }
        }
    }

    @Override
    public String description() {
        return "records each Billmate call with the payment's state before and after it";
    }
}
