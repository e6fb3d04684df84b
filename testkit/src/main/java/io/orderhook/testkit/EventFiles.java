package io.orderhook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.testkit.woocommerce.WebhookSigner;

/**
 * The sample API Gateway events in the repository's {@code events/} folder: reading them in
 * tests and local mode, and signing them again after a body was edited.
 *
 * <p>Run {@code events/resign.sh} (which calls {@link #main}) after editing a body.
 */
public final class EventFiles {
    /** The demo shop's webhook secret; public on purpose, also written in events/README.md. */
    public static final String DEMO_SECRET = "demo-webhook-secret";
    public static final String DEMO_SHOP = "demo";
    private static final String SIGNATURE = "x-wc-webhook-signature";
    /** API Gateway adds fields to its events over time: unknown fields are normal. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EventFiles() {}

    /** The repository's events folder, found by walking up from the working directory. */
    public static Path eventsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("events/README.md"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/README.md above " + Path.of("").toAbsolutePath()
                + ": run from inside the orderhook repository");
    }

    /** Every event file in the folder, by name. */
    public static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public static APIGatewayV2HTTPEvent read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not an API Gateway v2 HTTP event: " + e.getMessage(), e);
        }
    }

    /** The body bytes as the shop sent them (Base64-decoded when the event says so). */
    public static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sets the signature header of the event file to the body's signature under {@code secret}.
     * Events without a signature header (the ping) are left alone. Answers whether the file changed.
     */
    public static boolean resign(Path file, String secret) {
        try {
            String before = Files.readString(file);
            ObjectNode event = (ObjectNode) MAPPER.readTree(before);
            ObjectNode headers = (ObjectNode) event.get("headers");
            if (headers == null || !headers.has(SIGNATURE)) {
                return false;
            }
            String body = event.path("body").asText("");
            byte[] bytes = event.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
            headers.put(SIGNATURE, WebhookSigner.sign(bytes, secret));
            String after = MAPPER.writer(prettyPrinter()).writeValueAsString(event) + "\n";
            if (after.equals(before)) {
                return false;
            }
            Files.writeString(file, after);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-sign " + file + ": " + e.getMessage(), e);
        }
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indent)
                .withArrayIndenter(indent);
    }

    /** {@code EventFiles [events-directory] [secret]}: re-signs every event in the folder. */
    public static void main(String[] args) {
        Path directory = args.length > 0 ? Path.of(args[0]) : eventsDirectory();
        String secret = args.length > 1 ? args[1] : DEMO_SECRET;
        List<String> changed = new ArrayList<>();
        List<Path> files = list(directory);
        for (Path file : files) {
            if (resign(file, secret)) {
                changed.add(file.getFileName().toString());
            }
        }
        System.out.println("re-signed " + changed.size() + " of " + files.size() + " event files in " + directory
                + (changed.isEmpty() ? "" : ": " + String.join(", ", changed)));
    }
}
