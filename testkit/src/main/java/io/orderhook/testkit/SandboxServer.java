package io.orderhook.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP server a provider sandbox listens on when it is started on its own (rather than mounted
 * on a server the caller runs): the JDK's server, one daemon thread per exchange so that a held
 * call (latency, timeout) never blocks another, the sandbox's handler under a path prefix.
 */
public final class SandboxServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final String pathPrefix;

    private SandboxServer(HttpServer server, ExecutorService executor, String pathPrefix) {
        this.server = server;
        this.executor = executor;
        this.pathPrefix = pathPrefix;
    }

    /**
     * Serves {@code handler} on {@code address} under {@code pathPrefix} ("/sandbox/billmate" or "").
     *
     * @param name what is started, for the error ("Billmate sandbox"); its threads are named after it
     */
    public static SandboxServer start(String name, InetSocketAddress address, String pathPrefix, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name + " on " + address + ": " + e.getMessage(), e);
        }
        String prefix = pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name.toLowerCase(Locale.ROOT).replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(prefix.isEmpty() ? "/" : prefix, handler);
        server.start();
        return new SandboxServer(server, executor, prefix);
    }

    /** {@code http://127.0.0.1:PORT} and the path prefix, without a trailing slash. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The request's body as UTF-8 text, read to its end. */
    public static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The path the sandbox's handler is mounted at, without a trailing slash ("" at the root): the
     * API's own paths are what follows it.
     */
    public static String mountPoint(HttpExchange exchange) {
        String context = exchange.getHttpContext().getPath();
        return context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
    }

    /** Answers {@code body} with this status and content type. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A failing proxy's answer: this status with a small HTML page. */
    public static void sendHtml(HttpExchange exchange, int status) throws IOException {
        send(exchange, status, "text/html",
                ("<html><body><h1>" + status + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    /** Holds the calling exchange (latency and timeout faults); an interrupt ends the wait. */
    public static void hold(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
