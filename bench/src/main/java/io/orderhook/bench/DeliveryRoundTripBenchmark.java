package io.orderhook.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * Why the end-to-end benchmark stops at 10.0 changes a second: the shop simulator sends its
 * webhooks one after another (as WooCommerce's queue does), each a POST of the JDK's HTTP client
 * to local mode's JDK {@code HttpServer}, and that server leaves Nagle's algorithm on unless
 * {@code sun.net.httpserver.nodelay} is set. Its answer then goes out in two TCP segments, the
 * second held until the client acknowledges the first, which Linux delays by up to 40 ms.
 *
 * <p>This program measures exactly that round trip (a 3.5 KB JSON body, a short JSON answer,
 * one request after another on one client) in two child JVMs, the JDK's default and with the
 * property set, and prints p50, p90 and the rate of each.
 *
 * <pre>java -cp bench/target/orderhook-bench.jar io.orderhook.bench.DeliveryRoundTripBenchmark [--requests 200]</pre>
 */
public final class DeliveryRoundTripBenchmark {
    private static final int WARM_UP = 20;

    public static void main(String[] args) throws Exception {
        int requests = BenchArgs.intOption(args, "--requests", 200);
        if (args.length > 0 && args[0].equals("--child")) {
            measure(requests);
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        for (String noDelay : List.of("false", "true")) {
            Process child = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=" + noDelay, "-cp", classPath,
                    DeliveryRoundTripBenchmark.class.getName(), "--child", "--requests", Integer.toString(requests))
                    .inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the child JVM failed");
            }
        }
    }

    private static void measure(int requests) throws IOException, InterruptedException {
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(threads);
        byte[] answer = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            byte[] body = new byte[3500];
            Arrays.fill(body, (byte) 'x');
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/woocommerce/demo");
            double[] millis = new double[requests];
            for (int i = 0; i < WARM_UP + requests; i++) {
                long started = System.nanoTime();
                client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (i >= WARM_UP) {
                    millis[i - WARM_UP] = (System.nanoTime() - started) / 1e6;
                }
            }
            double total = Arrays.stream(millis).sum();
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "sun.net.httpserver.nodelay=%s: %d POSTs one after another, p50 %.1f ms, p90 %.1f ms,"
                    + " %.1f per second%n", System.getProperty("sun.net.httpserver.nodelay", "false"), requests,
                    millis[requests / 2], millis[requests * 9 / 10], requests / (total / 1000));
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
