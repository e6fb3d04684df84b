package io.orderhook.testkit;

import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpHandler;

/**
 * A provider sandbox served over HTTP: either started on a {@link SandboxServer} of its own
 * (tests) or mounted as a handler on a server the caller runs (local mode mounts every sandbox
 * under {@code /sandbox/<name>}), with the faults tests schedule for its calls. Closing it stops
 * its own server; a mounted one has none.
 *
 * @param <F> the sandbox's kind of fault
 */
public abstract class HttpSandbox<F> implements AutoCloseable {
    /** The faults scheduled for the sandbox's calls, which its HTTP side takes one per authenticated call. */
    protected final FaultSchedule<F> faults = new FaultSchedule<>();
    private SandboxServer server;

    /** The sandbox's API as a handler, to mount under any path of another server. */
    public abstract HttpHandler handler();

    /** Starts {@code sandbox} on a server of its own: {@code address} under {@code pathPrefix} ("" for the root). */
    protected static <S extends HttpSandbox<?>> S listen(S sandbox, String name, InetSocketAddress address,
            String pathPrefix) {
        HttpSandbox<?> served = sandbox;
        served.server = SandboxServer.start(name, address, pathPrefix, sandbox.handler());
        return sandbox;
    }

    /** {@code http://127.0.0.1:PORT} and the path prefix, without a trailing slash. Only for a started sandbox. */
    protected String base() {
        if (server == null) {
            throw new IllegalStateException("this sandbox was not started; it is served by the server it is mounted on");
        }
        return server.base();
    }

    /**
     * Injects {@code fault} into the next {@code times} authenticated calls of {@code operation}
     * (Billmate's function, Klarna's or Stripe's operation, as the sandbox counts calls; null: any).
     */
    public void inject(String operation, int times, F fault) {
        faults.add(operation, times, fault);
    }

    /** Injects {@code fault} into the next authenticated call, whatever it is. */
    public void inject(F fault) {
        inject(null, 1, fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Faults scheduled but not yet used. */
    public int pendingFaults() {
        return faults.pending();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
