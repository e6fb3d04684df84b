package io.orderhook.testkit.billmate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.TaxSplit;
import io.orderhook.shop.woocommerce.WooOrderJson;

/**
 * The real WooCommerce 10.0.2 orders in {@code src/test/resources/woocommerce-orders/} (see the
 * README there): each file holds an order and its refunds as WooCommerce's REST API answered them.
 */
record RealOrders(String file, JsonNode orderJson, List<JsonNode> refundJson) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FOLDER = "/woocommerce-orders/";

    @Override
    public String toString() {
        return file;
    }

    OrderSnapshot order() {
        return WooOrderJson.order(orderJson);
    }

    /** The refunds oldest first (WooCommerce lists them newest first). */
    List<Refund> refunds() {
        String currency = orderJson.path("currency").asText();
        return refundJson.stream().map(json -> WooOrderJson.refund(json, currency)).toList();
    }

    /** The order's tax per rate as its {@code tax_lines} give it: {@code tax_total + shipping_tax_total}. */
    TaxSplit taxLines() {
        TaxSplit split = TaxSplit.EMPTY;
        for (JsonNode line : orderJson.path("tax_lines")) {
            long tax = minor(line.path("tax_total").asText()) + minor(line.path("shipping_tax_total").asText());
            split = split.plus(TaxSplit.of(new BigDecimal(line.path("rate_percent").asText()), 0, tax));
        }
        return split;
    }

    static long minor(String decimal) {
        return new BigDecimal(decimal).movePointRight(2).longValueExact();
    }

    /** One fixture by its order id ("25"). */
    static RealOrders order(String orderId) {
        return all().filter(o -> o.file.startsWith("order-" + orderId + "-")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no real order " + orderId));
    }

    /** Every fixture file in the folder, by order id. */
    static Stream<RealOrders> all() {
        URL folder = RealOrders.class.getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("the test resources have no " + FOLDER);
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(Path.of(folder.toURI()))) {
            listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        files.sort(Comparator.comparingInt(name -> Integer.parseInt(name.split("-")[1])));
        return files.stream().map(RealOrders::read);
    }

    private static RealOrders read(String file) {
        try (InputStream in = RealOrders.class.getResourceAsStream(FOLDER + file)) {
            JsonNode root = MAPPER.readTree(in);
            List<JsonNode> refunds = new ArrayList<>();
            root.path("refunds").forEach(refunds::add);
            refunds.sort(Comparator.comparingLong(r -> r.path("id").asLong()));
            return new RealOrders(file, root.path("order"), List.copyOf(refunds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
