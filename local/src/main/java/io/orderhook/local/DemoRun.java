package io.orderhook.local;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.provider.ProviderResult;
import io.orderhook.provider.billmate.BillmateCart;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.woocommerce.WooOrderJson;

/**
 * {@code orderhook demo}: the four procedures of the Billmate order-management guide (cancel;
 * put on hold, edit the lines, back to processing; complete; refund part, then the rest), done
 * against a running local stack the way a merchant and a customer do them: orders are placed
 * and changed through the shop simulator's REST API, which delivers signed webhooks to the
 * local receiver; the payment is reserved at the Billmate sandbox as a checkout would. After
 * each change it waits for orderhook's note and prints everything as a timeline.
 */
public final class DemoRun {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter WOO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final String REST = LocalBackend.WOOCOMMERCE_PATH + "/wp-json/wc/v3";

    /** One line of the timeline. */
    record Event(Instant at, String who, String what) {}

    private final LocalHttp admin;
    private final LocalHttp shop;
    private final BillmateProvider billmate;
    private final PrintStream out;
    private final Duration noteTimeout;
    private final List<Event> timeline = new ArrayList<>();

    public DemoRun(URI base, PrintStream out, Duration noteTimeout) {
        this.admin = new LocalHttp(base);
        this.shop = new LocalHttp(base, LocalShops.DEMO_REST_KEY, LocalShops.DEMO_REST_SECRET, shopOrigin(admin));
        this.billmate = new BillmateProvider(URI.create(admin.base() + LocalBackend.BILLMATE_PATH + "/"),
                LocalShops.DEMO_BILLMATE_ID, LocalShops.DEMO_BILLMATE_SECRET, true, BillmateProvider.httpClient());
        this.out = out;
        this.noteTimeout = noteTimeout;
    }

    /**
     * The scheme, host and port of the simulator's home URL, from WordPress's index: WooCommerce
     * checks OAuth signatures against it, whatever name this machine used to reach it (a stack
     * started with --host 0.0.0.0 calls itself http://0.0.0.0:3000). Falls back to the base URL.
     */
    private static URI shopOrigin(LocalHttp admin) {
        try {
            LocalHttp.Answer index = admin.get(LocalBackend.WOOCOMMERCE_PATH + "/wp-json/");
            if (index.ok() && index.body().hasNonNull("home")) {
                URI home = URI.create(index.body().get("home").asText());
                return URI.create(home.getScheme() + "://" + home.getRawAuthority());
            }
        } catch (RuntimeException notRunning) {
            // run() reports a stack that does not answer
        }
        return admin.base();
    }

    /** Runs all four; answers whether each produced the note the guide promises. */
    public boolean run() {
        LocalHttp.Answer settings = admin.get("/admin/shops/demo/settings");
        if (!settings.ok()) {
            throw new IllegalStateException("the local stack has no demo shop: " + settings.reason());
        }
        if (!settings.body().at("/settings/orderManagementEnabled").asBoolean()) {
            out.println("note: order management is off for the demo shop; turn it on with ./orderhook settings demo --enabled on");
        }
        boolean ok = true;
        ok &= procedure(1, "Cancel an order", () -> {
            String[] order = checkout(2);
            merchant(order[0], "sets the status to Cancelled and saves", Map.of("status", "cancelled"));
            return awaitNotes(order, 1, "successfully cancelled");
        });
        ok &= procedure(2, "Update an order (on hold, edit the lines, back to processing)", () -> {
            String[] order = checkout(2);
            merchant(order[0], "sets the status to On hold and saves", Map.of("status", "on-hold"));
            awaitProcessed(order[0]);
            String mugLine = lineId(order[0], "MUG");
            merchant(order[0], "edits the lines (3 mugs instead of 2), recalculates and saves",
                    Map.of("line_items", List.of(Map.of("id", Long.parseLong(mugLine), "quantity", 3))));
            awaitProcessed(order[0]);
            merchant(order[0], "sets the status back to Processing and saves", Map.of("status", "processing"));
            return awaitNotes(order, 1, "successfully updated");
        });
        ok &= procedure(3, "Activate an order (complete it)", () -> {
            String[] order = checkout(2);
            merchant(order[0], "sets the status to Completed and saves", Map.of("status", "completed"));
            return awaitNotes(order, 1, "successfully activated");
        });
        ok &= procedure(4, "Refund an order (one mug, then the rest)", () -> {
            String[] order = checkout(2);
            merchant(order[0], "sets the status to Completed and saves", Map.of("status", "completed"));
            if (!awaitNotes(order, 1, "successfully activated")) {
                return false;
            }
            String mugLine = lineId(order[0], "MUG");
            JsonNode mug = line(order[0], mugLine);
            long quantity = mug.get("quantity").asLong();
            String unitTotal = money(mug.get("total").asText(), quantity);
            String unitTax = money(mug.get("total_tax").asText(), quantity);
            ObjectNode refund = Json.MAPPER.createObjectNode();
            refund.put("amount", plus(unitTotal, unitTax));
            refund.put("reason", "One mug arrived broken");
            // "Refund manually": WooCommerce records the refund and orderhook credits it at Billmate.
            // ("Refund via <gateway>" would mean the gateway paid it back; orderhook then only records it.)
            refund.put("api_refund", false);
            ArrayNode lines = refund.putArray("line_items");
            ObjectNode line = lines.addObject();
            line.put("id", Long.parseLong(mugLine));
            line.put("quantity", 1);
            line.put("refund_total", unitTotal);
            line.putArray("refund_tax").addObject().put("id", mug.at("/taxes/0/id").asInt()).put("refund_total", unitTax);
            refund(order[0], "refunds one mug (" + plus(unitTotal, unitTax) + ") with \"Refund manually\"", refund);
            if (!awaitNotes(order, 2, "successfully refunded")) {
                return false;
            }
            JsonNode current = shop.get(REST + "/orders/" + order[0]).body();
            String remaining = remaining(current);
            ObjectNode rest = Json.MAPPER.createObjectNode();
            rest.put("amount", remaining);
            rest.put("reason", "Customer returned the rest");
            rest.put("api_refund", false);
            refund(order[0], "refunds the rest (" + remaining + ") with \"Refund manually\"", rest);
            return awaitNotes(order, 3, "successfully refunded");
        });
        out.println(ok ? "All four procedures gave the notes the merchant expects."
                : "Some procedure did not give the expected note: see above, and ./orderhook orders demo <orderId>.");
        return ok;
    }

    @FunctionalInterface
    private interface Procedure {
        boolean run() throws InterruptedException;
    }

    private boolean procedure(int number, String title, Procedure procedure) {
        out.println("[" + number + "/4] " + title);
        timeline.clear();
        boolean ok;
        try {
            ok = procedure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        out.println();
        timeline.sort(java.util.Comparator.comparing(Event::at));
        for (Event event : timeline) {
            out.printf("    %s  %-9s %s%n", CLOCK.format(event.at()), event.who(), event.what());
        }
        out.println("    " + (ok ? "OK" : "NOT AS EXPECTED"));
        out.println();
        return ok;
    }

    /** A customer checks out: the order is placed, the payment reserved at Billmate, the order paid. */
    private String[] checkout(int mugs) throws InterruptedException {
        ObjectNode order = Json.MAPPER.createObjectNode();
        order.put("status", "pending");
        order.put("payment_method", "bco");
        order.put("payment_method_title", "Billmate Checkout");
        ArrayNode lines = order.putArray("line_items");
        lines.addObject().put("name", "Mug").put("sku", "MUG").put("quantity", mugs).put("price", "100.00").put("tax_class", "");
        lines.addObject().put("name", "Cup").put("sku", "CUP").put("quantity", 1).put("price", "80.00").put("tax_class", "");
        order.putArray("shipping_lines").addObject().put("method_id", "flat_rate").put("method_title", "PostNord").put("total", "49.00");
        ObjectNode billing = order.putObject("billing");
        billing.put("first_name", "Tess").put("last_name", "Persson").put("country", "SE").put("email", "tess.persson@example.com");
        LocalHttp.Answer created = shop.post(REST + "/orders", order);
        require(created, "creating an order in the shop simulator");
        String orderId = created.body().get("id").asText();
        OrderSnapshot snapshot = WooOrderJson.order(created.body());
        ProviderResult reserved = billmate.addPayment(orderId, snapshot.currency(), "se", 1, BillmateCart.forOrder(snapshot), null);
        if (!(reserved instanceof ProviderResult.Done done)) {
            throw new IllegalStateException("the Billmate sandbox did not reserve the payment: " + reserved);
        }
        String number = done.providerNumber();
        timeline.add(new Event(Instant.now(), "customer", "checks out order " + orderId + " with Billmate Checkout ("
                + snapshot.currency() + " " + created.body().get("total").asText() + "); Billmate payment " + number + " is reserved"));
        progress("order " + orderId + " placed, payment " + number + " reserved");
        update(orderId, Map.of("status", "processing", "transaction_id", number));
        awaitProcessed(orderId);
        return new String[] {orderId, number};
    }

    private void merchant(String orderId, String what, Map<String, Object> change) throws InterruptedException {
        update(orderId, change);
        timeline.add(new Event(Instant.now(), "merchant", what + " (order " + orderId + ")"));
        progress("merchant " + what);
    }

    private void refund(String orderId, String what, ObjectNode refund) throws InterruptedException {
        awaitNextSecond(orderId);
        require(shop.post(REST + "/orders/" + orderId + "/refunds", refund), "refunding order " + orderId);
        timeline.add(new Event(Instant.now(), "merchant", what + " (order " + orderId + ")"));
        progress("merchant " + what);
    }

    private void update(String orderId, Map<String, Object> change) throws InterruptedException {
        awaitNextSecond(orderId);
        require(shop.put(REST + "/orders/" + orderId, change), "changing order " + orderId);
    }

    /**
     * WooCommerce dates have whole seconds, and orderhook orders snapshots by them: a merchant
     * never saves the same order twice within a second, and neither does the demo.
     */
    private void awaitNextSecond(String orderId) throws InterruptedException {
        JsonNode order = shop.get(REST + "/orders/" + orderId).body();
        Instant modified = gmt(order.path("date_modified_gmt").asText());
        long wait = modified.plusSeconds(1).toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait + 20);
        }
    }

    /** Waits until orderhook has taken in the order's latest change (its state carries that date). */
    private void awaitProcessed(String orderId) throws InterruptedException {
        Instant modified = gmt(shop.get(REST + "/orders/" + orderId).body().path("date_modified_gmt").asText());
        long deadline = System.nanoTime() + noteTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            LocalHttp.Answer answer = admin.get("/admin/shops/demo/orders/" + orderId);
            String seen = answer.ok() ? answer.body().at("/state/lastModifiedGmt").asText("") : "";
            if (!seen.isEmpty() && !Instant.parse(seen).isBefore(modified)) {
                return;
            }
            Thread.sleep(100);
        }
        progress("orderhook has not taken in the change of order " + orderId + " within " + noteTimeout.toSeconds() + " s");
    }

    /** Waits for the order's {@code count}-th note from orderhook to reach the shop; puts the notes on the timeline. */
    private boolean awaitNotes(String[] order, int count, String expected) throws InterruptedException {
        String orderId = order[0];
        long deadline = System.nanoTime() + noteTimeout.toNanos();
        JsonNode notes = Json.MAPPER.createArrayNode();
        out.print("    waiting for orderhook's note");
        while (System.nanoTime() < deadline) {
            LocalHttp.Answer answer = admin.get("/admin/shops/demo/orders/" + orderId);
            notes = answer.ok() ? answer.body().get("notes") : Json.MAPPER.createArrayNode();
            if (notes.size() >= count && delivered(notes)) {
                break;
            }
            out.print(".");
            out.flush();
            Thread.sleep(250);
        }
        out.println();
        for (JsonNode note : notes) {
            if (timeline.stream().noneMatch(e -> e.what().contains(note.get("text").asText()))) {
                timeline.add(new Event(Instant.parse(note.get("at").asText()), "orderhook", "note on order " + orderId
                        + " [" + note.get("delivery").asText() + " to the shop]: " + note.get("text").asText()));
            }
        }
        ProviderResult info = billmate.getPaymentinfo(order[1]);
        if (info instanceof ProviderResult.Done done) {
            timeline.add(new Event(Instant.now(), "billmate", "payment " + order[1] + " is " + done.info().providerStatus()));
        }
        boolean ok = notes.size() >= count && notes.get(count - 1).get("text").asText().contains(expected)
                && delivered(notes);
        if (!ok) {
            progress("expected note " + count + " to say \"" + expected + "\"; orderhook has " + notes);
        }
        return ok;
    }

    private static boolean delivered(JsonNode notes) {
        for (JsonNode note : notes) {
            if (!"delivered".equals(note.get("delivery").asText())) {
                return false;
            }
        }
        return true;
    }

    private String lineId(String orderId, String sku) {
        for (JsonNode line : shop.get(REST + "/orders/" + orderId).body().path("line_items")) {
            if (sku.equals(line.path("sku").asText())) {
                return line.get("id").asText();
            }
        }
        throw new IllegalStateException("order " + orderId + " has no " + sku + " line");
    }

    private JsonNode line(String orderId, String lineId) {
        for (JsonNode line : shop.get(REST + "/orders/" + orderId).body().path("line_items")) {
            if (lineId.equals(line.get("id").asText())) {
                return line;
            }
        }
        throw new IllegalStateException("order " + orderId + " has no line " + lineId);
    }

    /** The order's total less what was refunded, as WooCommerce's refund form proposes it. */
    private static String remaining(JsonNode order) {
        java.math.BigDecimal total = new java.math.BigDecimal(order.get("total").asText());
        for (JsonNode refund : order.path("refunds")) {
            // refunds[].total is negative in WooCommerce's order JSON.
            total = total.add(new java.math.BigDecimal(refund.get("total").asText()));
        }
        return total.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String money(String rowTotal, long quantity) {
        return new java.math.BigDecimal(rowTotal).divide(java.math.BigDecimal.valueOf(quantity), 2,
                java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String plus(String a, String b) {
        return new java.math.BigDecimal(a).add(new java.math.BigDecimal(b)).toPlainString();
    }

    private static Instant gmt(String wooGmt) {
        return LocalDateTime.parse(wooGmt, WOO_GMT).toInstant(ZoneOffset.UTC);
    }

    private void progress(String text) {
        out.println("    ... " + text);
    }

    private static void require(LocalHttp.Answer answer, String doing) {
        if (!answer.ok()) {
            throw new IllegalStateException(doing + " failed: HTTP " + answer.status() + " " + answer.body());
        }
    }
}
