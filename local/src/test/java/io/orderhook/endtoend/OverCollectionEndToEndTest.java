package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.processing.NoteText;
import io.orderhook.shop.DeclineSettings;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooOrderJson;

/**
 * An order lowered after its payment was captured holds more money than it is worth: it goes to
 * the review status (registered in this shop) with a note naming the refund that settles it, and
 * nothing is refunded on its own.
 */
class OverCollectionEndToEndTest {
    private final EndToEnd e2e = new EndToEnd(b -> b.swedishVat().status("review", "Review"));

    @AfterEach
    void close() {
        e2e.close();
    }

    @Test
    void anOrderLoweredAfterCaptureGoesToReviewWithTheRefundThatSettlesIt() {
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        DeclineSettings d = settings.declines();
        e2e.settings(settings.withDeclines(new DeclineSettings(d.retryHours(), d.softStatus(), d.hardStatus(), "review",
                d.payAnotherWay(), d.payAnotherWayStatus(), d.payAnotherWayNote())));
        String[] order = e2e.checkout(2);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        long captured = e2e.sandbox.payment(order[1]).orElseThrow().totalWithTax();

        e2e.holdAndEdit(order[0], "MUG", 1);
        e2e.settle();

        long worth = WooOrderJson.order(e2e.shop.order(order[0])).total();
        assertTrue(worth < captured, worth + " < " + captured);
        assertEquals("review", e2e.shop.status(order[0]));
        List<String> notes = e2e.notesFromOrderhook(order[0]).stream().filter(n -> n.contains("more than the order is worth"))
                .toList();
        assertEquals(1, notes.size(), e2e.notesFromOrderhook(order[0]).toString());
        String note = notes.get(0);
        assertTrue(note.contains("now worth " + NoteText.money(worth, "SEK")), note);
        assertTrue(note.contains(NoteText.money(captured, "SEK") + " was captured"), note);
        assertTrue(note.contains("Refund " + NoteText.money(captured - worth, "SEK") + " to settle it"), note);
        assertEquals(0, e2e.sandbox.payment(order[1]).orElseThrow().creditedWithTax(), "never refunded on its own");
    }
}
