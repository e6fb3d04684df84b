package io.orderhook.processing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopNote;
import io.orderhook.shop.ShopResult;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Simulates the process dying at a chosen point: after {@code afterCalls} external calls
 * (DynamoDB requests, provider and shop calls) every further call fails, as if the JVM had
 * stopped. {@link #reset} is the next invocation in a fresh container.
 *
 * <p>Neither sandbox can make the calling process die, so the provider and the shop client
 * are wrapped ({@link #around(PaymentProvider)}, {@link #around(ShopClient)}): every call is
 * counted and, unless it is the crash, passed unchanged to the real client.
 */
public final class Crash implements ExecutionInterceptor {
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int afterCalls = Integer.MAX_VALUE;
    private volatile int onlyCall;

    public static final class Crashed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crashed() {
            super("simulated crash");
        }
    }

    public void armAfter(int n) {
        calls.set(0);
        afterCalls = n;
    }

    /** Only the {@code n}-th call from now fails (1 = the next one); later calls pass again. */
    public void failOnce(int n) {
        calls.set(0);
        onlyCall = n;
        afterCalls = Integer.MAX_VALUE;
    }

    public void reset() {
        onlyCall = 0;
        afterCalls = Integer.MAX_VALUE;
        calls.set(0);
    }

    public boolean tripped() {
        return calls.get() > afterCalls;
    }

    /** Call before every external call. */
    public void check() {
        int n = calls.incrementAndGet();
        if (onlyCall > 0 && n == onlyCall) {
            throw new Crashed();
        }
        if (n > afterCalls) {
            throw new Crashed();
        }
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        check();
    }

    /** The real provider, with this crash checked before every call. */
    public PaymentProvider around(PaymentProvider real) {
        return new PaymentProvider() {
            @Override public String name() { return real.name(); }
            @Override public Capabilities capabilities() { return real.capabilities(); }
            @Override public ProviderResult status(String number) {
                check();
                return real.status(number);
            }
            @Override public ProviderResult activate(String number, String key) {
                check();
                return real.activate(number, key);
            }
            @Override public ProviderResult cancel(String number, String key) {
                check();
                return real.cancel(number, key);
            }
            @Override public io.orderhook.provider.ProviderNames names() { return real.names(); }
            @Override public ProviderResult update(String number, OrderSnapshot order, java.util.List<Refund> refunds,
                    String key) {
                check();
                return real.update(number, order, refunds, key);
            }
            @Override public ProviderResult credit(String number, OrderSnapshot order, Refund refund,
                    io.orderhook.order.TaxSplit creditedBefore, boolean wholePayment, String key) {
                check();
                return real.credit(number, order, refund, creditedBefore, wholePayment, key);
            }
        };
    }

    /** The real shop client, with this crash checked before every call. */
    public ShopClient around(ShopClient real) {
        return new ShopClient() {
            @Override public ShopResult<String> addNote(String orderId, String note, boolean customerNote) {
                check();
                return real.addNote(orderId, note, customerNote);
            }
            @Override public ShopResult<Refund> getRefund(String orderId, String refundId) {
                check();
                return real.getRefund(orderId, refundId);
            }
            @Override public ShopResult<Void> updateOrder(String orderId, String status, Map<String, String> meta) {
                check();
                return real.updateOrder(orderId, status, meta);
            }
            @Override public ShopResult<String> orderStatus(String orderId) {
                check();
                return real.orderStatus(orderId);
            }
            @Override public ShopResult<List<ShopNote>> listNotes(String orderId) {
                check();
                return real.listNotes(orderId);
            }
            @Override public ShopResult<io.orderhook.order.OrderSnapshot> order(String orderId) {
                check();
                return real.order(orderId);
            }
        };
    }
}
