package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.sleep;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

import io.orderhook.json.Json;
import io.orderhook.shop.woocommerce.WebhookSignature;

/**
 * Putting a delivery into a running local stack's quarantine, as the quarantine tests of the CLI
 * and of the console both do: a signed delivery posted over HTTP, the shop's own delivery of a
 * change lost, the demo shop's webhook secret taken away and given back.
 */
final class QuarantineSteps {
    private static final String SECRET_REF = LocalShops.ref(LocalShops.DEMO, "webhookSecret");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private QuarantineSteps() {}

    /** A signed delivery as WooCommerce posts it (the demo shop's real secret), sent over HTTP as curl would. */
    static HttpResponse<String> post(URI base, String topic, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/woocommerce/demo"))
                    .header("content-type", "application/json")
                    .header("x-wc-webhook-topic", topic)
                    .header("x-wc-webhook-delivery-id", Integer.toHexString(body.hashCode()))
                    .header("x-wc-webhook-signature", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                            LocalShops.DEMO_WEBHOOK_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The merchant completes the order; the shop's own delivery of it is lost, its body is returned. */
    static String completedWithoutDelivery(LocalBackend backend, String orderId) {
        backend.shop().pauseDeliveries();
        try {
            backend.shop().setStatus(orderId, "completed");
            return Json.write(backend.shop().order(orderId));
        } finally {
            backend.shop().dropNextDeliveries(1);
            backend.shop().resumeDeliveries();
        }
    }

    static void removeWebhookSecret(LocalBackend backend) {
        Properties secrets = readSecrets(backend);
        secrets.remove(SECRET_REF);
        writeSecrets(backend, secrets);
        // The local stack caches secrets for one second.
        sleep(1100);
    }

    static void restoreWebhookSecret(LocalBackend backend) {
        Properties secrets = readSecrets(backend);
        secrets.setProperty(SECRET_REF, LocalShops.DEMO_WEBHOOK_SECRET);
        writeSecrets(backend, secrets);
        sleep(1100);
    }

    private static Properties readSecrets(LocalBackend backend) {
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(backend.secretsFile())) {
            secrets.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }

    private static void writeSecrets(LocalBackend backend, Properties secrets) {
        try (Writer out = Files.newBufferedWriter(backend.secretsFile())) {
            secrets.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
