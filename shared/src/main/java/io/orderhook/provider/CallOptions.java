package io.orderhook.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a provider client makes its calls: how long it waits for an answer once a request is sent,
 * and who is told about every call (the merchant's debug log). A client keeps one, and its
 * {@code withReadTimeout} and {@code withCallListener} are copies with one of them changed.
 */
public record CallOptions(Duration readTimeout, ProviderCallListener listener) {

    public CallOptions {
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(listener, "listener");
    }

    /** Waiting at most {@code readTimeout}, telling nobody. */
    public static CallOptions waitingAtMost(Duration readTimeout) {
        return new CallOptions(readTimeout, ProviderCallListener.NONE);
    }

    public CallOptions withReadTimeout(Duration timeout) {
        return new CallOptions(timeout, listener);
    }

    public CallOptions withListener(ProviderCallListener callListener) {
        return new CallOptions(readTimeout, callListener);
    }

    /**
     * Tells the listener about one call. {@code call} is only built when someone listens (it
     * redacts and writes JSON), and whatever building or telling throws is dropped.
     */
    public void report(Supplier<ProviderCallListener.Call> call) {
        if (listener == ProviderCallListener.NONE) {
            return;
        }
        try {
            listener.called(call.get());
        } catch (RuntimeException e) {
            // The debug log must never change the outcome of a payment call.
        }
    }
}
