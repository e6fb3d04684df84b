package io.orderhook.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.expiry.ExpiryScan;
import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.schedule.ScheduledJob.Report;
import io.orderhook.shop.CaptureSettings;
import io.orderhook.shop.ShopSettings;
import io.orderhook.testkit.klarna.KlarnaSandbox;

/**
 * A test clock walks orders through their authorisation period, the expiry scan run as the
 * scheduler runs it and the processor taking what it wakes: a Billmate card reservation (7 days, no
 * extension) is warned on its day, once, and at its lapse gets the hard-decline treatment; a Klarna
 * order is extended where the shop allows it, and lapses at Klarna as it does here where it does not;
 * a captured order is never warned.
 */
class ExpiryEndToEndTest {
    private final EndToEnd e2e = new EndToEnd();
    private final ProviderCheckouts pay = new ProviderCheckouts(e2e);
    private final KlarnaSandbox klarna = e2e.backend.klarna();
    private final ExpiryScan scan = e2e.backend.wiring().expiryScan();

    @AfterEach
    void close() {
        e2e.close();
    }

    /** Moves every clock (orderhook's, the shop's, Klarna's) to {@code at}, then runs the scan as of then and settles. */
    private Report scanAt(Instant at) {
        Duration ahead = Duration.between(e2e.clock.instant(), at);
        if (!ahead.isNegative()) {
            e2e.clock.advance(ahead);
            e2e.shopClock.advance(ahead);
            klarna.advance(ahead);
        }
        Report report = scan.run(at);
        e2e.settle();
        return report;
    }

    private Instant lapse(String orderId) {
        return e2e.states.load(EndToEnd.SHOP, orderId).orElseThrow().lapsesAt();
    }

    private List<String> warnings(String orderId) {
        return e2e.notesFromOrderhook(orderId).stream().filter(n -> n.contains("authorisation of this order lapses")).toList();
    }

    private void capture(boolean extendAllowed) {
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        CaptureSettings c = settings.capture();
        e2e.settings(settings.withCapture(new CaptureSettings(c.trigger(), c.metaKey(), 2, extendAllowed)));
    }

    @Test
    void aBillmateCardReservationIsWarnedOnItsDayOnceAndAtItsLapseGetsTheHardDeclineTreatment() {
        Instant before = e2e.clock.instant();
        String[] order = e2e.checkout(2, 8);
        Instant lapse = lapse(order[0]);
        assertTrue(!lapse.isBefore(before.plus(Duration.ofDays(7))) && !lapse.isAfter(e2e.clock.instant().plus(Duration.ofDays(7))),
                "a card reservation lives 7 days from first sight: " + lapse);
        Instant warnFrom = lapse.minus(Duration.ofDays(2));

        assertEquals(0, scanAt(warnFrom.minus(Duration.ofDays(1))).counts().get(ExpiryScan.LAPSING), "not the day before");
        assertEquals(0, scanAt(warnFrom.minusSeconds(60)).counts().get(ExpiryScan.LAPSING), "not a minute before");
        assertEquals(List.of(), warnings(order[0]));

        Report onTheDay = scanAt(warnFrom);
        assertEquals(1, onTheDay.counts().get(ExpiryScan.LAPSING), onTheDay.toString());
        assertEquals(1, onTheDay.counts().get("woken"));
        List<String> warned = warnings(order[0]);
        assertEquals(1, warned.size(), e2e.notesFromOrderhook(order[0]).toString());
        assertTrue(warned.get(0).startsWith("The Billmate authorisation of this order lapses at ") && warned.get(0).contains("(in 2 days)"),
                warned.get(0));
        assertEquals("processing", e2e.shop.status(order[0]), "a warning changes no status");

        Report later = scanAt(warnFrom.plus(Duration.ofHours(12)));
        assertEquals(0, later.counts().get(ExpiryScan.LAPSING));
        assertEquals(1, later.counts().get(ExpiryScan.WARNED), "the alarm's metric while the order stays uncaptured");
        assertTrue(later.problems().stream().anyMatch(p -> p.startsWith("order " + order[0] + " of shop demo is not captured")
                && p.contains(lapse.toString())), later.problems().toString());
        assertEquals(1, warnings(order[0]).size(), "warned once");

        Report atTheLapse = scanAt(lapse);
        assertEquals(1, atTheLapse.counts().get(ExpiryScan.LAPSED), atTheLapse.toString());
        ShopSettings settings = e2e.backend.shopConfigs().read(EndToEnd.SHOP).orElseThrow().settings();
        assertEquals(settings.declines().hardStatusOr(settings.failureStatus()), e2e.shop.status(order[0]), "the hard-decline status");
        String lapsed = e2e.notesFromOrderhook(order[0]).stream().filter(n -> n.contains("authorisation-lapsed")).findFirst()
                .orElseThrow();
        assertTrue(lapsed.startsWith("Billmate could not activate the reservation: the authorisation lapsed at "), lapsed);
        assertEquals(0, e2e.sandbox.calls("activatePayment", order[1]), "nothing was sent to Billmate");

        Report after = scanAt(lapse.plus(Duration.ofDays(1)));
        assertEquals(List.of(0L, 0L, 0L), List.of(after.counts().get(ExpiryScan.LAPSING), after.counts().get(ExpiryScan.LAPSED),
                after.counts().get(ExpiryScan.WARNED)), "a lapse is handled once: " + after);
        assertEquals(1, e2e.notesFromOrderhook(order[0]).stream().filter(n -> n.contains("authorisation-lapsed")).count());
    }

    @Test
    void aKlarnaAuthorisationIsExtendedOnItsWarningDayWhereTheShopAllowsIt() {
        capture(true);
        String[] order = pay.klarna(2);
        Instant expires = klarna.order(order[1]).orElseThrow().expiresAt().truncatedTo(ChronoUnit.MILLIS);
        assertEquals(expires, lapse(order[0]), "Klarna's expires_at (in milliseconds) is the lapse");

        assertEquals(0, scanAt(expires.minus(Duration.ofDays(3))).counts().get(ExpiryScan.LAPSING));
        assertEquals(0, klarna.calls("extend_authorization_time", order[1]));
        Report onTheDay = scanAt(expires.minus(Duration.ofDays(2)));
        assertEquals(1, onTheDay.counts().get(ExpiryScan.LAPSING), onTheDay.toString());

        Instant extended = klarna.order(order[1]).orElseThrow().expiresAt().truncatedTo(ChronoUnit.MILLIS);
        assertEquals(1, klarna.calls("extend_authorization_time", order[1]));
        assertTrue(extended.isAfter(expires), "Klarna moved expires_at: " + extended);
        assertEquals(extended, lapse(order[0]), "the new lapse is recorded");
        List<String> notes = e2e.notesFromOrderhook(order[0]);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("Klarna extended the time to capture this order's payment")), notes.toString());
        assertEquals(List.of(), warnings(order[0]), "nothing to warn about once extended");
        Report later = scanAt(expires.minus(Duration.ofDays(1)));
        assertEquals(0, later.counts().get(ExpiryScan.LAPSING) + later.counts().get(ExpiryScan.WARNED), later.toString());
        assertEquals(1, klarna.calls("extend_authorization_time", order[1]));
    }

    @Test
    void aKlarnaAuthorisationAtItsLimitOf180DaysIsWarnedAboutInsteadOfExtended() {
        capture(true);
        klarna.authorizationPeriod(Duration.ofDays(90));
        String[] order = pay.klarna(2);
        Instant limit = klarna.order(order[1]).orElseThrow().expiresAt().minus(Duration.ofDays(90)).plus(Duration.ofDays(180))
                .truncatedTo(ChronoUnit.MILLIS);

        int extensions = 0;
        while (lapse(order[0]).isBefore(limit) && extensions < 4) {
            scanAt(lapse(order[0]).minus(Duration.ofDays(2)));
            extensions++;
        }
        assertEquals(limit, lapse(order[0]), "extended up to 180 days after purchase");
        assertEquals(List.of(), warnings(order[0]), "no warning while Klarna extended");

        scanAt(limit.minus(Duration.ofDays(2)));
        assertEquals(extensions + 1, klarna.calls("extend_authorization_time", order[1]), "asked once more, in vain");
        List<String> warned = warnings(order[0]);
        assertEquals(1, warned.size(), e2e.notesFromOrderhook(order[0]).toString());
        assertTrue(warned.get(0).contains("Klarna did not extend it: the lapse time stayed where it was"), warned.get(0));
    }

    @Test
    void aKlarnaOrderTheShopDoesNotExtendIsWarnedAndLapsesAsAtKlarna() {
        capture(false);
        String[] order = pay.klarna(2);
        Instant expires = lapse(order[0]);

        scanAt(expires.minus(Duration.ofDays(2)));
        assertEquals(1, warnings(order[0]).size());
        assertTrue(warnings(order[0]).get(0).startsWith("The Klarna authorisation"), warnings(order[0]).get(0));
        assertEquals(0, klarna.calls("extend_authorization_time", order[1]));

        Report atTheLapse = scanAt(expires);
        assertEquals(1, atTheLapse.counts().get(ExpiryScan.LAPSED), atTheLapse.toString());
        assertEquals("EXPIRED", klarna.order(order[1]).orElseThrow().status(), "Klarna let it lapse too");
        assertTrue(e2e.notesFromOrderhook(order[0]).stream().anyMatch(n -> n.contains("authorisation-lapsed")));
        assertFalse(AuthorisationExpiry.watched(e2e.states.load(EndToEnd.SHOP, order[0]).orElseThrow()), "no longer watched");
    }

    @Test
    void aCapturedOrderIsNeverWarned() {
        String[] order = e2e.checkout(2, 8);
        Instant lapse = lapse(order[0]);
        e2e.shop.setStatus(order[0], "completed");
        e2e.settle();
        assertTrue(e2e.activated(order[1]));

        for (Instant at : List.of(lapse.minus(Duration.ofDays(2)), lapse.minus(Duration.ofHours(1)), lapse.plus(Duration.ofDays(1)))) {
            Report report = scanAt(at);
            assertEquals(0, report.counts().get(ExpiryScan.LAPSING) + report.counts().get(ExpiryScan.LAPSED)
                    + report.counts().get(ExpiryScan.WARNED), report.toString());
        }
        assertEquals(List.of(), warnings(order[0]));
        assertEquals("completed", e2e.shop.status(order[0]));
        assertTrue(e2e.notesFromOrderhook(order[0]).stream().noneMatch(n -> n.contains("authorisation-lapsed")));
    }
}
