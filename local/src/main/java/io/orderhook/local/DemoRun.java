package io.orderhook.local;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;

/**
 * {@code orderhook demo}: the four procedures of the order-management guide (cancel;
 * put on hold, edit the lines, back to processing; complete; refund part, then the rest), done
 * against a running local stack the way a merchant and a customer do them ({@link DemoShop}), paid
 * with Billmate, Klarna or Stripe ({@link DemoProvider}).
 * After each change it waits for orderhook's note and prints everything as a timeline.
 */
final class DemoRun {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int PROCEDURES = 4;

    /** One line of the timeline. */
    record Event(Instant at, String who, String what) {}

    private final LocalHttp admin;
    private final DemoShop shop;
    private final Progress progress;
    private final Duration noteTimeout;
    private final List<Event> timeline = new ArrayList<>();

    DemoRun(URI base, Progress progress, Duration noteTimeout) {
        this.admin = new LocalHttp(base);
        this.shop = new DemoShop(admin);
        this.progress = progress;
        this.noteTimeout = noteTimeout;
    }

    /** Runs all four for each provider in turn; answers whether each produced the note the guide promises. */
    boolean run(Set<DemoProvider> providers) {
        LocalHttp.Answer settings = admin.get("/admin/shops/demo/settings");
        if (!settings.ok()) {
            throw new IllegalStateException("the local stack has no demo shop: " + settings.reason());
        }
        if (!settings.body().at("/settings/orderManagementEnabled").asBoolean()) {
            progress.line("note: order management is off for the demo shop; turn it on with ./orderhook settings demo --enabled on");
        }
        boolean ok = true;
        for (DemoProvider provider : providers) {
            if (providers.size() > 1) {
                progress.line("== " + provider.checkoutName + " (payment method " + provider.paymentMethod + ")");
            }
            ok &= run(provider);
        }
        return ok;
    }

    private boolean run(DemoProvider provider) {
        boolean ok = true;
        ok &= procedure(1, "Cancel an order", () -> {
            DemoShop.Order order = checkout(2, provider);
            merchant(order, "sets the status to Cancelled and saves", Map.of("status", "cancelled"));
            return awaitNotes(order, 1, "successfully cancelled");
        });
        ok &= procedure(2, "Update an order (on hold, edit the lines, back to processing)", () -> {
            DemoShop.Order order = checkout(2, provider);
            merchant(order, "sets the status to On hold and saves", Map.of("status", "on-hold"));
            awaitProcessed(order.id());
            int mugs = provider.editedMugs();
            merchant(order, "edits the lines (" + mugs + (mugs == 1 ? " mug" : " mugs") + " instead of 2), recalculates and saves",
                    Map.of("line_items", List.of(Map.of("id", shop.lineId(order.id(), "MUG"), "quantity", mugs))));
            awaitProcessed(order.id());
            merchant(order, "sets the status back to Processing and saves", Map.of("status", "processing"));
            return awaitNotes(order, 1, "successfully updated");
        });
        ok &= procedure(3, "Activate an order (complete it)", () -> {
            DemoShop.Order order = checkout(2, provider);
            merchant(order, "sets the status to Completed and saves", Map.of("status", "completed"));
            return awaitNotes(order, 1, "successfully activated");
        });
        ok &= procedure(4, "Refund an order (one mug, then the rest)", () -> {
            DemoShop.Order order = checkout(2, provider);
            merchant(order, "sets the status to Completed and saves", Map.of("status", "completed"));
            if (!awaitNotes(order, 1, "successfully activated")) {
                return false;
            }
            ObjectNode mug = shop.oneUnit(order.id(), "MUG");
            String amount = DemoShop.amount(mug);
            shop.refundManually(order.id(), amount, "One mug arrived broken", mug);
            merchantDid(order, "refunds one mug (" + amount + ") with \"Refund manually\"");
            if (!awaitNotes(order, 2, "successfully refunded")) {
                return false;
            }
            String remaining = shop.remaining(order.id());
            shop.refundManually(order.id(), remaining, "Customer returned the rest", null);
            merchantDid(order, "refunds the rest (" + remaining + ") with \"Refund manually\"");
            return awaitNotes(order, 3, "successfully refunded");
        });
        progress.line(ok ? "All four procedures gave the notes the merchant expects."
                : "Some procedure did not give the expected note: see above, and ./orderhook orders demo <orderId>.");
        return ok;
    }

    @FunctionalInterface
    private interface Procedure {
        boolean run() throws InterruptedException;
    }

    private boolean procedure(int number, String title, Procedure procedure) {
        progress.stage("[" + number + "/" + PROCEDURES + "] " + title);
        timeline.clear();
        boolean ok;
        try {
            ok = procedure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        progress.line("");
        timeline.sort(Comparator.comparing(Event::at));
        for (Event event : timeline) {
            progress.line(String.format("    %s  %-9s %s", CLOCK.format(event.at()), event.who(), event.what()));
        }
        progress.line("    " + (ok ? "OK" : "NOT AS EXPECTED"));
        progress.line("");
        return ok;
    }

    /** A customer checks out with the provider's checkout, and the shop marks the order paid (processing). */
    private DemoShop.Order checkout(int mugs, DemoProvider provider) throws InterruptedException {
        DemoShop.Order order = shop.checkout(mugs, provider);
        timeline.add(new Event(Instant.now(), "customer", "checks out order " + order.id() + " with " + provider.checkoutName
                + " (" + order.currency() + " " + order.total() + "); " + provider.checkoutName + " payment "
                + order.paymentNumber() + " is reserved"));
        progress.step("order " + order.id() + " placed, payment " + order.paymentNumber() + " reserved");
        shop.update(order.id(), provider.paid(order.paymentNumber()));
        awaitProcessed(order.id());
        return order;
    }

    private void merchant(DemoShop.Order order, String what, Map<String, Object> change) throws InterruptedException {
        shop.update(order.id(), change);
        merchantDid(order, what);
    }

    private void merchantDid(DemoShop.Order order, String what) {
        timeline.add(new Event(Instant.now(), "merchant", what + " (order " + order.id() + ")"));
        progress.step("merchant " + what);
    }

    /** Waits until orderhook has taken in the order's latest change (its state carries that date). */
    private void awaitProcessed(String orderId) throws InterruptedException {
        Instant modified = shop.modified(orderId);
        long deadline = System.nanoTime() + noteTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            LocalHttp.Answer answer = admin.get("/admin/shops/demo/orders/" + orderId);
            String seen = answer.ok() ? answer.body().at("/state/lastModifiedGmt").asText("") : "";
            if (!seen.isEmpty() && !Instant.parse(seen).isBefore(modified)) {
                return;
            }
            Thread.sleep(100);
        }
        problem("orderhook has not taken in the change of order " + orderId + " within " + noteTimeout.toSeconds() + " s");
    }

    /** Waits for the order's {@code count}-th note from orderhook to reach the shop; puts the notes on the timeline. */
    private boolean awaitNotes(DemoShop.Order order, int count, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + noteTimeout.toNanos();
        JsonNode notes = Json.MAPPER.createArrayNode();
        progress.waitFor("waiting for orderhook's note");
        while (System.nanoTime() < deadline) {
            LocalHttp.Answer answer = admin.get("/admin/shops/demo/orders/" + order.id());
            notes = answer.ok() ? answer.body().get("notes") : Json.MAPPER.createArrayNode();
            if (notes.size() >= count && delivered(notes)) {
                break;
            }
            progress.poll();
            Thread.sleep(250);
        }
        progress.waited();
        for (JsonNode note : notes) {
            if (timeline.stream().noneMatch(e -> e.what().contains(note.get("text").asText()))) {
                timeline.add(new Event(Instant.parse(note.get("at").asText()), "orderhook", "note on order " + order.id()
                        + " [" + note.get("delivery").asText() + " to the shop]: " + note.get("text").asText()));
            }
        }
        String status = shop.paymentStatus(order);
        if (status != null) {
            timeline.add(new Event(Instant.now(), order.provider().label(), "payment " + order.paymentNumber() + " is " + status));
        }
        boolean ok = notes.size() >= count && notes.get(count - 1).get("text").asText().contains(expected) && delivered(notes);
        if (!ok) {
            problem("expected note " + count + " to say \"" + expected + "\"; orderhook has " + notes);
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

    /** What went wrong stays on screen, on a terminal too. */
    private void problem(String text) {
        progress.line("    ... " + text);
    }
}
