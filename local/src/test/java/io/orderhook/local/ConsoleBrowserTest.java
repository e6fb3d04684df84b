package io.orderhook.local;

import static io.orderhook.local.LocalStackSteps.await;
import static io.orderhook.local.LocalStackSteps.checkout;
import static io.orderhook.local.LocalStackSteps.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import io.orderhook.testkit.billmate.SandboxFault;

/**
 * The operator console in a real headless Chromium against a running local stack: what an
 * operator clicks, and what the shop, the provider and the stored state then hold. Each page's
 * screenshot is kept under target/console-screenshots/.
 */
class ConsoleBrowserTest {
    @RegisterExtension
    static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser(stack);

    private static final By FLASH = By.id("flash");
    private static final By SAVE_RESULT = By.id("save-result");

    @Test
    void theConsoleIsServedAtItsFolderAndReadsTheAdminRoutesBesideIt() throws Exception {
        HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(URI.create(stack.base() + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, bare.statusCode());
        assertEquals("console/", bare.headers().firstValue("location").orElseThrow());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(stack.base() + "/console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(get("/console/api/admin/shops").contains("\"shopId\":\"demo\""));
    }

    @Test
    void theShopsPageShowsTheDemoShopsHealth() {
        browser.open("#/");
        String table = browser.waitFor(By.cssSelector("main table")).getText();
        assertTrue(table.contains("demo"), table);
        assertTrue(table.contains("not checked yet") || table.contains("active"), table);
        browser.screenshot("shops");
    }

    @Test
    void debugLogTurnedOnShowsTheNextWebhooksLogLinesOnTheOrdersTimeline() {
        String[] order = checkout(stack.backend(), stack.base());
        browser.open("#/shops/demo/settings");
        WebElement debugLog = browser.driver().findElement(By.id("debugLog"));
        if (!debugLog.isSelected()) {
            debugLog.click();
        }
        browser.driver().findElement(By.cssSelector("#settings button[type=submit]")).click();
        assertTrue(browser.waitForText(FLASH, "Saved").contains("Debug log (was off, now on)"));
        browser.screenshot("settings");
        sleep(1100); // local mode's configuration cache

        stack.backend().shop().setStatus(order[0], "completed");
        await(() -> stack.backend().poller().awaitIdle(Duration.ofMillis(200)), "the processor");

        browser.open("#/shops/demo/orders/" + order[0]);
        String timeline = browser.waitFor(By.cssSelector("ol.timeline")).getText();
        assertTrue(timeline.contains("Debug log"), timeline);
        assertTrue(timeline.contains("billmate.activate → done"), timeline);
        assertTrue(timeline.contains("'completed' is the capture status: activate"), timeline);
        assertTrue(timeline.contains("capture"), timeline);
        assertTrue(timeline.contains("Billmate reservation was successfully activated"), timeline);
        assertTrue(browser.driver().findElement(By.cssSelector("main dl")).getText().contains("complete"));
        browser.screenshot("order-timeline");

        post("/admin/shops/demo/sweep");
        browser.open("#/shops/demo");
        browser.screenshot("shop");
        browser.driver().findElement(By.id("order-search")).sendKeys(order[0], Keys.ENTER);
        String found = browser.waitForText(By.id("orders"), "1 of 1 order(s)");
        assertTrue(found.contains(order[0]), found);
    }

    @Test
    void aSettingsConflictSaysWhoseChangeWasKeptAndWhatItChanged() {
        browser.open("#/shops/demo/settings");
        // Someone else saves between this page's read and its save.
        String other = put("/admin/shops/demo/settings", "{\"debugLogTtlDays\":21}");
        assertTrue(other.contains("\"debugLogTtlDays\":21"), other);
        WebElement autoUpdate = browser.driver().findElement(By.id("autoUpdate"));
        autoUpdate.click();
        browser.driver().findElement(By.cssSelector("#settings button[type=submit]")).click();

        String message = browser.waitForText(SAVE_RESULT, "Not saved");
        assertTrue(message.contains("someone saved these settings after you opened them"), message);
        assertTrue(message.contains("Debug log kept (days) (was 14, now 21)"), message);
        browser.screenshot("settings-conflict");
        assertFalse(get("/admin/shops/demo/settings").contains("\"autoUpdate\":" + autoUpdate.isSelected()),
                "the refused change is not stored");
    }

    @Test
    void aQuarantinedDeliveryIsReplayedFromItsPageAndTheOrderIsActivated() {
        String[] order = checkout(stack.backend(), stack.base());
        String body = QuarantineSteps.completedWithoutDelivery(stack.backend(), order[0]);
        QuarantineSteps.removeWebhookSecret(stack.backend());
        try {
            assertEquals(202, QuarantineSteps.post(stack.base(), "order.updated", body).statusCode());
        } finally {
            QuarantineSteps.restoreWebhookSecret(stack.backend());
        }
        browser.open("#/shops/demo/quarantine");
        WebElement row = browser.waitFor(By.xpath("//tr[td[contains(., 'signature NOT verified')]]"));
        browser.screenshot("quarantine");
        row.findElement(By.cssSelector("input[type=checkbox]")).click();
        row.findElement(By.xpath(".//button[text()='Replay']")).click();

        assertTrue(browser.waitForText(FLASH, "Replayed").contains("accepted"));
        await(() -> get("/admin/shops/demo/orders/" + order[0]).contains("\"reservation\":\"activated\""), "the activation");
    }

    @Test
    void redriveAFailedOrderOnceBillmateIsBackCapturesItOnce() throws IOException {
        String[] order = checkout(stack.backend(), stack.base());
        stack.backend().sandbox().inject(null, 10_000, new SandboxFault.HttpStatus(503));
        try {
            stack.backend().shop().setStatus(order[0], "completed");
            await(() -> get("/admin/shops/demo/failed").contains("\"orderId\":\"" + order[0] + "\""), "the give-up");
        } finally {
            stack.backend().sandbox().clearFaults();
        }
        browser.open("#/shops/demo/failed");
        WebElement redrive = browser.waitFor(By.xpath("//button[text()='Redrive order " + order[0] + "']"));
        assertTrue(browser.driver().findElement(By.cssSelector("main table")).getText().contains("Billmate answered HTTP 503"));
        browser.screenshot("failed");
        redrive.click();

        String said = browser.waitForText(FLASH, "redriven");
        // The shop's own webhook of the status given back may capture it before the redrive's run does.
        assertTrue(said.matches("Order " + order[0] + " redriven: (done|already-done)\\."), said);
        await(() -> get("/admin/shops/demo/orders/" + order[0]).contains("\"reservation\":\"activated\""), "the activation");
        // Billmate refused the first activation with 503 while down; the ledger holds what moved money.
        JsonNode ledger = Json.MAPPER.readTree(get("/admin/shops/demo/orders/" + order[0])).path("ledger");
        long captures = 0;
        for (JsonNode entry : ledger) {
            captures += entry.path("operation").asText().equals("capture") && entry.path("result").asText().equals("done") ? 1 : 0;
        }
        assertEquals(1, captures, "captured once: " + ledger);
        assertFalse(get("/admin/shops/demo/failed").contains(order[0]));
    }

    @Test
    void theSettingsFormIsReachableByKeyboardAndEveryFieldHasALabel() {
        browser.open("#/shops/demo/settings");
        List<String> expected = browser.driver().findElements(By.cssSelector("#settings input, #settings select, #settings button"))
                .stream().map(e -> e.getAttribute("id") == null || e.getAttribute("id").isEmpty() ? e.getTagName() : e.getAttribute("id")).toList();
        browser.driver().findElement(By.id("orderManagementEnabled")).click();
        browser.driver().findElement(By.id("orderManagementEnabled")).click(); // back as it was, focus stays
        List<String> reached = new ArrayList<>();
        reached.add(browser.driver().switchTo().activeElement().getAttribute("id"));
        for (int i = 1; i < expected.size(); i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            // One round trip per key: what has the focus, and how many labels name it.
            String focused = (String) browser.driver().executeScript("const e = document.activeElement; "
                    + "return (e.id || e.tagName.toLowerCase()) + ' ' + (e.tagName === 'BUTTON' ? 1 : e.labels.length)");
            String[] idAndLabels = focused.split(" ");
            reached.add(idAndLabels[0]);
            assertEquals("1", idAndLabels[1], idAndLabels[0] + " has no label");
        }
        assertEquals(expected, reached, "tab order");
    }

    @Test
    void onAPhoneTheShopPageFitsTheScreenWidth() {
        browser.resize(390, 844);
        try {
            browser.open("#/shops/demo");
            Object overflow = browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0L, overflow, "the page scrolls sideways");
            browser.screenshot("shop-phone");
        } finally {
            browser.resize(1280, 1000);
        }
    }

    // ---------------------------------------------------------------- the admin API as the CLI calls it

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(stack.base() + path)).GET().build());
    }

    private static String post(String path) {
        return send(HttpRequest.newBuilder(URI.create(stack.base() + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(stack.base() + path)).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
