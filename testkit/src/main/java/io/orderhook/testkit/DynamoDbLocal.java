package io.orderhook.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BiConsumer;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local running inside this JVM as a real HTTP server on a loopback port.
 * Tests, local mode and benchmarks all talk to it through the ordinary SDK client,
 * so every request crosses the same wire protocol as in AWS.
 *
 * <p>DynamoDB Local's own start-up ({@code ServerRunner}) listens on every network interface and
 * has no option for the address, and it answers anyone without checking credentials. So the
 * server is assembled here from DynamoDB Local's handler and a Jetty connector bound to one
 * address, loopback unless told otherwise.
 *
 * <p>{@link #shared()} gives one server per JVM (started on first use, stopped at exit);
 * tests isolate themselves by creating their own table with {@link #newTable}.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private static final String NATIVE_VERSION = "1.0.392";
    private static DynamoDbLocal shared;

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final DynamoEndpoint connection;

    private DynamoDbLocal(Server server, LocalDynamoDBServerHandler handler, URI endpoint) {
        this.server = server;
        this.handler = handler;
        // DynamoDB Local accepts any credentials; these never leave the machine.
        this.connection = new DynamoEndpoint(endpoint, Region.US_EAST_1, "local", "local");
    }

    /** The JVM-wide in-memory server. */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null) {
            shared = start(null);
            DynamoDbLocal server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamodb-local-stop"));
        }
        return shared;
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @param dataDirectory where to keep the data between runs, or {@code null} for memory only
     */
    public static DynamoDbLocal start(Path dataDirectory) {
        return start(dataDirectory, InetAddress.getLoopbackAddress(), 0);
    }

    public static DynamoDbLocal start(Path dataDirectory, int port) {
        return start(dataDirectory, InetAddress.getLoopbackAddress(), port);
    }

    /**
     * @param address where to listen; a loopback address keeps the table on this machine
     * @param port    0 for a free port
     */
    public static DynamoDbLocal start(Path dataDirectory, InetAddress address, int port) {
        System.setProperty("sqlite4java.library.path", unpackNativeLibraries().toString());
        if (dataDirectory != null) {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DynamoDB Local data directory " + dataDirectory, e);
            }
        }
        Server jetty = new Server();
        try {
            // What ServerRunner.createServer builds, without its telemetry, its CORS default and its bind-all connector:
            // in memory one database per credential and region, on disk one shared database (-sharedDb).
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0,
                    dataDirectory == null, dataDirectory == null ? null : dataDirectory.toString(), dataDirectory != null,
                    false), null);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(address.getHostAddress());
            connector.setPort(port);
            jetty.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            jetty.setHandler(new ContextHandlerCollection(context));
            jetty.start();
            String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            return new DynamoDbLocal(jetty, handler, URI.create("http://" + host + ":" + connector.getLocalPort()));
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // nothing started
            }
            throw new IllegalStateException("DynamoDB Local did not start on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return connection.endpoint();
    }

    /** The endpoint with its region and credentials. */
    public DynamoEndpoint connection() {
        return connection;
    }

    /** A client for this server; interceptors let benchmarks and tests count requests. */
    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return connection.client(interceptors);
    }

    public DynamoDbStreamsClient streamsClient() {
        return connection.streamsClient();
    }

    /** Creates a fresh table with a unique name ({@link DynamoEndpoint#newTable}) and returns that name. */
    public String newTable(String prefix, BiConsumer<DynamoDbClient, String> createTable) {
        return connection.newTable(prefix, createTable);
    }

    /**
     * Stops the HTTP server and then DynamoDB Local itself: its database and the background jobs
     * (time to live, index builds) that would otherwise keep running, and keep threads, for every
     * server a long test run starts and stops.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping: nothing left to protect.
        }
        handler.close();
    }

    private static synchronized Path unpackNativeLibraries() {
        String configured = System.getProperty("sqlite4java.library.path");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            Path dir = Files.createTempDirectory("orderhook-sqlite4java");
            dir.toFile().deleteOnExit();
            for (String name : List.of(
                    "libsqlite4java-linux-amd64-" + NATIVE_VERSION + ".so",
                    "libsqlite4java-osx-" + NATIVE_VERSION + ".dylib")) {
                try (InputStream in = DynamoDbLocal.class.getResourceAsStream("native/" + name)) {
                    if (in == null) {
                        continue;
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the sqlite4java native library for DynamoDB Local", e);
        }
    }
}
