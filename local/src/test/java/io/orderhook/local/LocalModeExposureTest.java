package io.orderhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Local mode opens only what it must: every socket it listens on is bound to the chosen host
 * (loopback by default), DynamoDB Local's included, and it answers only the HTTP API routes
 * template.yaml declares, as API Gateway does.
 */
class LocalModeExposureTest {
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(60));
    private final HttpClient http = HttpClient.newHttpClient();

    /** A listening TCP socket of this process, from /proc/net/tcp{,6}. */
    record Listening(InetAddress address, int port) {}

    @Test
    void nothingLocalModeOpensListensBeyondTheChosenHost() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "lists sockets through Linux's /proc");

        List<Listening> sockets = listeningSocketsOfThisProcess();

        Set<Integer> ports = new HashSet<>();
        for (Listening socket : sockets) {
            assertTrue(socket.address().isLoopbackAddress(), "listening beyond loopback: " + socket + " (all: " + sockets + ")");
            ports.add(socket.port());
        }
        assertTrue(ports.contains(stack.base().getPort()), "the HTTP server is among " + sockets);
        assertTrue(ports.contains(stack.backend().dynamodbEndpoint().getPort()), "DynamoDB Local is among " + sockets);
        assertEquals(InetAddress.getByName("127.0.0.1"), sockets.stream()
                .filter(s -> s.port() == stack.backend().dynamodbEndpoint().getPort()).findFirst().orElseThrow().address());
    }

    @ParameterizedTest(name = "{0} {1} is API Gateway''s 404")
    @CsvSource({
            "POST, /webhooks/woocommerce/demo/extra",
            "POST, /webhooks/woocommerce/demo/",
            "POST, /webhooks/woocommerce/",
            "GET, /webhooks/woocommerce/demo",
            "POST, /admin/shops/demo/settings",
            "GET, /admin/shops/demo/orders/1/extra",
            "GET, /",
    })
    void aRequestNoTemplateRouteMatchesIsApiGateways404(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path, "{}");

        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", response.body());
    }

    @Test
    void theTemplatesRoutesAreServedAndNoOthers() throws Exception {
        List<String> declared = new ArrayList<>();
        for (SamTemplate.Function function : SamTemplate.read(SamTemplate.find()).functions().values()) {
            function.events().stream().filter(e -> e.type().equals("HttpApi")).forEach(e -> declared.add(e.routeKey()));
        }

        assertEquals(declared, stack.backend().routeKeys());
        assertEquals(200, send("POST", "/webhooks/woocommerce/demo", "webhook_id=1").statusCode(), "the ping on the webhook route");
        assertEquals(200, send("GET", "/admin/shops/demo/settings", null).statusCode());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sockets in state LISTEN (0A) whose inode is one of this process's file descriptors. */
    static List<Listening> listeningSocketsOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of Files.list itself, or one closed while listing
                }
            });
        }
        List<Listening> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listening.add(new Listening(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }

    /** /proc/net/tcp writes addresses as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
