package io.orderhook.testkit;

import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpHandler;

/**
 * A provider sandbox served over HTTP: either started on a {@link SandboxServer} of its own
 * (tests) or mounted as a handler on a server the caller runs (local mode mounts every sandbox
 * under {@code /sandbox/<name>}). Closing it stops its own server; a mounted one has none.
 */
public abstract class HttpSandbox implements AutoCloseable {
    private SandboxServer server;

    /** The sandbox's API as a handler, to mount under any path of another server. */
    public abstract HttpHandler handler();

    /** Starts {@code sandbox} on a server of its own: {@code address} under {@code pathPrefix} ("" for the root). */
    protected static <S extends HttpSandbox> S listen(S sandbox, String name, InetSocketAddress address,
            String pathPrefix) {
        HttpSandbox served = sandbox;
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

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
