package io.orderhook.processing;

import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Simulates the process dying at a chosen point: after {@code afterCalls} external calls
 * (DynamoDB requests, provider and shop calls) every further call fails, as if the JVM had
 * stopped. {@link #reset} is the next invocation in a fresh container.
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
}
