package io.orderhook.testkit.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real WooCommerce 10.0.2 orders on the classpath under {@code /woocommerce-orders/} (see the
 * README there): each file holds an order and its refunds as WooCommerce's REST API answered them.
 * The simulator is checked against them, and so is every cart built from them.
 */
public final class RealOrderFiles {
    private static final String FOLDER = "/woocommerce-orders/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RealOrderFiles() {}

    /** Every file name, by order id ({@code order-25-...json} before {@code order-30-...json}). */
    public static List<String> names() {
        URL folder = RealOrderFiles.class.getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("the classpath has no " + FOLDER);
        }
        try {
            URI uri = folder.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return list(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return list(jar.getPath(FOLDER));
            } catch (FileSystemAlreadyExistsException open) {
                return list(FileSystems.getFileSystem(uri).getPath(FOLDER));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file whose order id is {@code orderId} ("25"). */
    public static String name(String orderId) {
        return names().stream().filter(name -> name.startsWith("order-" + orderId + "-")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no real order " + orderId));
    }

    /** A file's JSON: {@code {"order": ..., "refunds": [...]}}. */
    public static JsonNode read(String name) {
        try (InputStream in = RealOrderFiles.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + FOLDER + name + " on the classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .sorted(Comparator.comparingInt(name -> Integer.parseInt(name.split("-")[1])))
                    .toList();
        }
    }
}
