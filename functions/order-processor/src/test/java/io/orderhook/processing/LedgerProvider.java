package io.orderhook.processing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;

/**
 * An in-memory stand-in for the Billmate provider with Billmate's status rules and error
 * codes, used by the processor tests that run without HTTP; the end-to-end tests use the
 * real provider against the Billmate sandbox. It can fail the next calls transiently, apply
 * a call and lose its answer, and crash the process (through {@link Crash}).
 */
public final class LedgerProvider implements PaymentProvider {
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Crash crash;
    private volatile int transientFailures;
    private volatile boolean loseNextAnswer;
    private final java.util.Set<String> failOnceFor = ConcurrentHashMap.newKeySet();

    public static final class Payment {
        public String status = "Created";
        public long total;
        public long credited;
        public int activations;
        public int cancellations;
        public int credits;
    }

    public LedgerProvider(Crash crash) {
        this.crash = crash;
    }

    public void reserve(String number, long total) {
        Payment p = new Payment();
        p.total = total;
        payments.put(number, p);
    }

    public Payment payment(String number) {
        return payments.get(number);
    }


    public int calls(String function) {
        AtomicInteger n = calls.get(function);
        return n == null ? 0 : n.get();
    }

    public void failNext(int n) {
        transientFailures = n;
    }

    /** The next call for this payment fails transiently. */
    public void failNextFor(String number) {
        failOnceFor.add(number);
    }

    public void loseNextAnswer() {
        loseNextAnswer = true;
    }

    @Override
    public String name() {
        return "Billmate";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, false, false);
    }

    @Override
    public ProviderResult status(String number) {
        return call("getPaymentinfo", number, p -> {
            PaymentState state = switch (p.status) {
                case "Created" -> PaymentState.RESERVED;
                case "Cancelled" -> PaymentState.CANCELLED;
                case "Credited" -> PaymentState.CREDITED;
                default -> PaymentState.ACTIVATED;
            };
            return new ProviderResult.Done(number, new PaymentInfo(number, state, p.status, p.total, p.credited));
        });
    }

    @Override
    public ProviderResult activate(String number, String key) {
        return call("activatePayment", number, p -> {
            if (p.status.equals("Cancelled")) {
                return new ProviderResult.Refused("5210", "Cannot activate a cancelled invoice.");
            }
            if (!p.status.equals("Created")) {
                return new ProviderResult.Refused("5208", "Unable to activate a non created invoice.");
            }
            p.status = "Paid";
            p.activations++;
            return new ProviderResult.Done(number, null);
        });
    }

    @Override
    public ProviderResult cancel(String number, String key) {
        return call("cancelPayment", number, p -> {
            if (p.status.equals("Cancelled")) {
                return new ProviderResult.Refused("5220", "Can not cancel an already cancelled payment.");
            }
            if (!p.status.equals("Created")) {
                return new ProviderResult.Refused("5209", "Unable to cancel a sent invoice.");
            }
            p.status = "Cancelled";
            p.cancellations++;
            return new ProviderResult.Done(number, null);
        });
    }

    @Override
    public ProviderResult update(String number, OrderSnapshot order, String key) {
        return call("updatePayment", number, p -> {
            if (!p.status.equals("Created")) {
                return new ProviderResult.Refused("5202", "Invalid status of payment");
            }
            p.total = order.total();
            return new ProviderResult.Done(number, null);
        });
    }

    @Override
    public ProviderResult credit(String number, OrderSnapshot order, Refund refund, String key) {
        return call("creditPayment", number, p -> {
            if (p.credited + refund.amount() > p.total) {
                return new ProviderResult.Refused("5204", "Cannot credit more than balance due");
            }
            p.credited += refund.amount();
            p.credits++;
            if (p.credited == p.total) {
                p.status = "Credited";
            }
            return new ProviderResult.Done("C" + number + "-" + p.credits, null);
        });
    }

    private ProviderResult call(String function, String number, java.util.function.Function<Payment, ProviderResult> body) {
        crash.check();
        calls.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
        if (transientFailures > 0) {
            transientFailures--;
            return new ProviderResult.Transient("9008 Internal server error. Please try again!", false);
        }
        if (failOnceFor.remove(number)) {
            return new ProviderResult.Transient("9008 Internal server error. Please try again!", false);
        }
        Payment p = payments.get(number);
        if (p == null) {
            return new ProviderResult.Refused("5201", "Invoice does not exist");
        }
        synchronized (p) {
            ProviderResult result = body.apply(p);
            if (loseNextAnswer && !function.equals("getPaymentinfo")) {
                loseNextAnswer = false;
                return new ProviderResult.Transient("read timed out after sending", true);
            }
            return result;
        }
    }
}
