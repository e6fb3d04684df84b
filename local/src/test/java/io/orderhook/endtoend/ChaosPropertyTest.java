package io.orderhook.endtoend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.RefundRef;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.NoteStore;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.DeliveredWebhook;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.RefundSpec;

/**
 * Chaos property: for random sequences of merchant actions on several orders, mixed with
 * delivery chaos (duplicates, coalescing, late copies of older versions, delays), Billmate
 * faults (transient codes, 5xx, timeouts, lost answers), shop outages and processor crashes
 * at random DynamoDB requests, once the system has drained:
 * <ul>
 *   <li>each payment is in a state the order's history allows (the final status, or an
 *       earlier capture/cancel status orderhook may have acted on before the final one);</li>
 *   <li>no payment was sent an activation or a cancellation it already had, and none was
 *       both activated and cancelled;</li>
 *   <li>each refund was credited exactly once and never more than was captured;</li>
 *   <li>every note orderhook stored reached the shop exactly once;</li>
 *   <li>every inbox item was processed, or recorded in the on-failure destination (and then
 *       replayed from there), and nothing was quarantined.</li>
 * </ul>
 * The seed is fixed for CI; {@code -Dchaos.tries=N} runs more scenarios (the first ones are
 * the CI's). A failure prints jqwik's seed and the shrunk scenario, one action per line.
 */
class ChaosPropertyTest {

    @Property(seed = "20260522", shrinking = ShrinkingMode.BOUNDED, maxDiscardRatio = 1)
    void noScenarioOfMerchantActionsAndFaultsBreaksAPaymentOrANote(@ForAll("scenarios") Scenario scenario) {
        try (ChaosStack stack = new ChaosStack()) {
            new ChaosRun(stack, scenario).run();
        }
    }

    /** One order's checkout: how many mugs, paid with which Billmate method (1 invoice, 8 card, 16 bank). */
    record Checkout(int mugs, int method) {
        boolean paidAtCheckout() {
            return method == 16;
        }

        @Override
        public String toString() {
            return mugs + " mugs by " + (method == 1 ? "invoice" : method == 8 ? "card" : "bank (paid at checkout)");
        }
    }

    /** A number of orders and what happens to them. */
    record Scenario(List<Checkout> checkouts, List<ChaosAction> actions) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("\n  checkout of " + checkouts.size() + " orders: " + checkouts);
            actions.forEach(a -> text.append("\n  ").append(a));
            return text.append('\n').toString();
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 3).flatMap(orders -> Combinators.combine(
                Combinators.combine(Arbitraries.integers().between(1, 3),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(4, 1), net.jqwik.api.Tuple.of(2, 8), net.jqwik.api.Tuple.of(1, 16)))
                        .as(Checkout::new).list().ofSize(orders),
                action(orders).list().ofMinSize(8).ofMaxSize(30)).as(Scenario::new));
    }

    private static Arbitrary<ChaosAction> action(int orders) {
        Arbitrary<Integer> order = Arbitraries.integers().between(1, orders);
        Arbitrary<ChaosAction> hold = order.map(ChaosAction.Hold::new);
        Arbitrary<ChaosAction> edit = Combinators.combine(order, Arbitraries.integers().between(1, 4)).as(ChaosAction.EditLines::new);
        Arbitrary<ChaosAction> process = order.map(ChaosAction.Process::new);
        Arbitrary<ChaosAction> complete = order.map(ChaosAction.Complete::new);
        Arbitrary<ChaosAction> cancel = order.map(ChaosAction.Cancel::new);
        Arbitrary<ChaosAction> refundMug = Combinators.combine(order, Arbitraries.frequency(
                net.jqwik.api.Tuple.of(3, false), net.jqwik.api.Tuple.of(1, true))).as(ChaosAction.RefundOneMug::new);
        Arbitrary<ChaosAction> refundShipping = order.map(ChaosAction.RefundShipping::new);
        Arbitrary<ChaosAction> refundRest = order.map(ChaosAction.RefundRest::new);
        Arbitrary<ChaosAction> autoUpdate = Arbitraries.of(true, false).map(ChaosAction.AutoUpdate::new);
        Arbitrary<ChaosAction> wait = Arbitraries.just(new ChaosAction.Wait());
        Arbitrary<ChaosAction> duplicate = Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3)).as(ChaosAction.DuplicateDeliveries::new);
        Arbitrary<ChaosAction> pause = Arbitraries.just(new ChaosAction.PauseDeliveries());
        Arbitrary<ChaosAction> resume = Arbitraries.just(new ChaosAction.ResumeDeliveries());
        Arbitrary<ChaosAction> replay = Combinators.combine(order, Arbitraries.integers().between(1, 4))
                .as(ChaosAction.ReplayOlderDelivery::new);
        Arbitrary<ChaosAction> delay = Arbitraries.of(50, 150, 300).map(ChaosAction.DelayDeliveries::new);
        Arbitrary<SandboxFault> fault = Arbitraries.of(
                new SandboxFault.ErrorCode("9999", "Temporary error, try again"),
                new SandboxFault.ErrorCode("9008", "Internal server error. Please try again!"),
                new SandboxFault.HttpStatus(502), new SandboxFault.HttpStatus(503),
                new SandboxFault.Timeout(Duration.ofMillis(150)), new SandboxFault.LostResponse(),
                new SandboxFault.Latency(Duration.ofMillis(100)));
        Arbitrary<ChaosAction> providerFault = Combinators.combine(
                Arbitraries.frequency(net.jqwik.api.Tuple.of(3, "activatePayment"), net.jqwik.api.Tuple.of(2, "cancelPayment"),
                        net.jqwik.api.Tuple.of(2, "updatePayment"), net.jqwik.api.Tuple.of(3, "creditPayment"),
                        net.jqwik.api.Tuple.of(1, "getPaymentinfo"), net.jqwik.api.Tuple.of(10, ChaosAction.ProviderFault.ANY)),
                Arbitraries.integers().between(1, 2), fault).as(ChaosAction.ProviderFault::new);
        Arbitrary<ChaosAction> outage = Arbitraries.of(true, false).map(ChaosAction.ShopOutage::new);
        Arbitrary<ChaosAction> crash = Arbitraries.integers().between(1, 8).map(ChaosAction.Crash::new);
        Arbitrary<ChaosAction> lose = Arbitraries.just(new ChaosAction.LoseInvocation());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, hold), net.jqwik.api.Tuple.of(5, edit), net.jqwik.api.Tuple.of(5, process),
                net.jqwik.api.Tuple.of(6, complete), net.jqwik.api.Tuple.of(2, cancel), net.jqwik.api.Tuple.of(4, refundMug),
                net.jqwik.api.Tuple.of(3, refundRest), net.jqwik.api.Tuple.of(1, refundShipping),
                net.jqwik.api.Tuple.of(1, autoUpdate), net.jqwik.api.Tuple.of(3, wait), net.jqwik.api.Tuple.of(1, duplicate),
                net.jqwik.api.Tuple.of(1, pause), net.jqwik.api.Tuple.of(1, resume), net.jqwik.api.Tuple.of(1, replay),
                net.jqwik.api.Tuple.of(1, delay), net.jqwik.api.Tuple.of(5, providerFault), net.jqwik.api.Tuple.of(1, outage),
                net.jqwik.api.Tuple.of(2, crash), net.jqwik.api.Tuple.of(1, lose));
    }

    /** One order as the scenario drives it, and every version of it the shop held. */
    static final class OrderUnderTest {
        final String orderId;
        final String paymentNumber;
        final boolean paidAtCheckout;
        final List<OrderSnapshot> history = new ArrayList<>();
        /** Refunds made "via the gateway": the gateway paid them back, orderhook must never credit them. */
        final Set<String> gatewayRefunds = new HashSet<>();

        OrderUnderTest(String orderId, String paymentNumber, boolean paidAtCheckout) {
            this.orderId = orderId;
            this.paymentNumber = paymentNumber;
            this.paidAtCheckout = paidAtCheckout;
        }

        OrderSnapshot last() {
            return history.get(history.size() - 1);
        }
    }

    static final int MERCHANT_THINK_MILLIS = 40;

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Plays a scenario against a stack, drains it and checks the invariants. */
    static final class ChaosRun {
        private final ChaosStack stack;
        private final Scenario scenario;
        private final List<OrderUnderTest> orders = new ArrayList<>();
        private final List<String> played = new ArrayList<>();
        private boolean paused;
        private boolean autoUpdateWasOff;

        ChaosRun(ChaosStack stack, Scenario scenario) {
            this.stack = stack;
            this.scenario = scenario;
        }

        void run() {
            for (Checkout checkout : scenario.checkouts()) {
                orders.add(checkout(checkout));
            }
            for (ChaosAction action : scenario.actions()) {
                played.add(action + (apply(action) ? "" : "   (not possible: skipped)"));
            }
            Set<String> givenUp = stack.drain();
            check(givenUp);
            long skipped = played.stream().filter(p -> p.endsWith("skipped)")).count();
            long crashes = stack.processorLog.stream().filter(l -> l.contains("simulated crash")).count();
            long unknown = stack.processorLog.stream().filter(l -> l.contains("outcome-unknown")).count();
            long transients = stack.processorLog.stream().filter(l -> l.contains("\"outcome\":\"transient\"")).count();
            System.out.printf("chaos try: %d orders, %d actions (%d skipped), %d inbox items, %d Billmate calls,"
                    + " %d provider faults left unused, %d crashes met, %d transient failures, %d unknown outcomes, %d records given up and replayed, %d notes%n",
                    orders.size(), played.size(), skipped, stack.inboxItems().size(),
                    orders.stream().mapToInt(o -> stack.ledger.calls(o.paymentNumber).size()).sum(), stack.sandbox.pendingFaults(), crashes, transients, unknown,
                    givenUp.size(), orders.stream().mapToInt(o -> stack.notes.forOrder(ChaosStack.SHOP, o.orderId).size()).sum());
            if (Boolean.getBoolean("chaos.verbose")) {
                System.out.println("  " + String.join("\n  ", played));
                orders.forEach(o -> System.out.println("  order " + o.orderId + " billmate " + stack.ledger.calls(o.paymentNumber)
                        + " history " + o.history.stream().map(OrderSnapshot::status).toList()));
            }
        }

        private OrderUnderTest checkout(Checkout checkout) {
            String orderId = stack.shop.createOrder(NewOrder.paidWith("bco").status("pending")
                    .product("MUG", "Mug", checkout.mugs(), "100.00").product("CUP", "Cup", 1, "80.00")
                    .shipping("Postnord", "49.00").billing("email", "anna.andersson@example.com").billing("country", "SE"));
            String number = stack.checkout.pay(stack.shop.order(orderId), checkout.method());
            stack.shop.updateOrder(orderId, "{\"status\":\"processing\",\"transaction_id\":\"" + number + "\"}");
            OrderUnderTest order = new OrderUnderTest(orderId, number, checkout.paidAtCheckout());
            order.history.add(WooOrderJson.order(stack.shop.order(orderId)));
            return order;
        }

        /** @return false when the action is not possible in the order's current state */
        private boolean apply(ChaosAction action) {
            if (action instanceof ChaosAction.Merchant m) {
                OrderUnderTest order = orders.get(m.order() - 1);
                boolean done = merchant(m, order);
                if (done) {
                    order.history.add(WooOrderJson.order(stack.shop.order(order.orderId)));
                    // A merchant's next click comes a moment later: time for deliveries and
                    // processing to interleave with the merchant (a paused queue still coalesces).
                    pause(MERCHANT_THINK_MILLIS);
                }
                return done;
            }
            if (action instanceof ChaosAction.Wait) {
                stack.settle(paused);
            } else if (action instanceof ChaosAction.DuplicateDeliveries d) {
                stack.shop.duplicateNextDeliveries(d.deliveries(), d.extraCopies());
            } else if (action instanceof ChaosAction.PauseDeliveries) {
                stack.shop.pauseDeliveries();
                paused = true;
            } else if (action instanceof ChaosAction.ResumeDeliveries) {
                stack.shop.resumeDeliveries();
                paused = false;
            } else if (action instanceof ChaosAction.ReplayOlderDelivery r) {
                List<DeliveredWebhook> sent = stack.shop.deliveries(orders.get(r.order() - 1).orderId).stream()
                        .filter(d -> d.outcome() == DeliveredWebhook.Outcome.DELIVERED).toList();
                if (sent.size() < r.back()) {
                    return false;
                }
                stack.shop.replay(sent.get(sent.size() - r.back()));
            } else if (action instanceof ChaosAction.DelayDeliveries d) {
                stack.shop.setDeliveryDelay(ChaosAction.millis(d.millis()));
            } else if (action instanceof ChaosAction.ProviderFault f) {
                stack.sandbox.inject(f.function().equals(ChaosAction.ProviderFault.ANY) ? null : f.function(), f.times(), f.fault());
            } else if (action instanceof ChaosAction.ShopOutage outage) {
                stack.shop.setAvailable(!outage.down());
            } else if (action instanceof ChaosAction.Crash c) {
                stack.crash.failOnce(c.request());
            } else if (action instanceof ChaosAction.LoseInvocation) {
                stack.loseInvocations(1);
            } else if (action instanceof ChaosAction.AutoUpdate a) {
                stack.autoUpdate(a.on());
                autoUpdateWasOff |= !a.on();
            } else {
                throw new IllegalArgumentException("unknown action " + action);
            }
            return true;
        }

        private boolean merchant(ChaosAction.Merchant action, OrderUnderTest order) {
            String id = order.orderId;
            try {
                if (action instanceof ChaosAction.Hold) {
                    stack.shop.setStatus(id, "on-hold");
                } else if (action instanceof ChaosAction.EditLines e) {
                    if (!"on-hold".equals(stack.shop.status(id))) {
                        return false;
                    }
                    String mugLine = stack.shop.lineId(id, "MUG");
                    stack.shop.editOrder(id, edit -> edit.setQuantity(mugLine, e.mugs()));
                } else if (action instanceof ChaosAction.Process) {
                    stack.shop.setStatus(id, "processing");
                } else if (action instanceof ChaosAction.Complete) {
                    stack.shop.setStatus(id, "completed");
                } else if (action instanceof ChaosAction.Cancel) {
                    stack.shop.setStatus(id, "cancelled");
                } else if (action instanceof ChaosAction.RefundOneMug r) {
                    if (r.viaGateway() && !"completed".equals(stack.shop.status(id))) {
                        return false; // a gateway refunds only a payment it captured
                    }
                    String refundId = stack.shop.refund(id, RefundSpec.lines().line(stack.shop.lineId(id, "MUG"), 1)
                            .apiRefund(r.viaGateway()));
                    if (r.viaGateway()) {
                        order.gatewayRefunds.add(refundId);
                    }
                } else if (action instanceof ChaosAction.RefundShipping) {
                    stack.shop.refund(id, RefundSpec.lines().wholeLine(stack.shop.shippingLineIds(id).get(0)));
                } else if (action instanceof ChaosAction.RefundRest) {
                    OrderSnapshot now = WooOrderJson.order(stack.shop.order(id));
                    long left = now.total() - now.refunds().stream().mapToLong(RefundRef::amount).sum();
                    if (left <= 0) {
                        return false;
                    }
                    stack.shop.refund(id, RefundSpec.amount(io.orderhook.processing.NoteText.money(left, null)));
                } else {
                    throw new IllegalArgumentException("unknown merchant action " + action);
                }
                return true;
            } catch (IllegalArgumentException | IllegalStateException refusedByTheShop) {
                // The shop refused (e.g. a refund above what is left): a merchant sees the error and moves on.
                return false;
            }
        }

        // ------------------------------------------------------------------ invariants

        private void check(Set<String> givenUp) {
            List<String> violations = new ArrayList<>();
            Set<String> inbox = stack.inboxItems();
            for (String item : inbox) {
                if (!stack.finished.contains(item)) {
                    violations.add("inbox item " + item + " was never processed"
                            + (givenUp.contains(item) ? " (even after replaying the on-failure destination)" : " and has no failure record"));
                }
            }
            if (stack.quarantined() > 0) {
                violations.add(stack.quarantined() + " deliveries were quarantined");
            }
            long failedDeliveries = stack.shop.deliveries().stream().filter(d -> d.outcome() == DeliveredWebhook.Outcome.FAILED).count();
            if (failedDeliveries > 0) {
                violations.add(failedDeliveries + " webhook deliveries were not answered 2xx");
            }
            long[] money = new long[2];
            for (OrderUnderTest order : orders) {
                checkOrder(order, violations, money);
            }
            if (money[1] > money[0]) {
                violations.add("over every order, " + money[1] + " was credited of " + money[0] + " captured");
            }
            if (!violations.isEmpty()) {
                StringBuilder report = new StringBuilder("chaos invariants violated:");
                violations.forEach(v -> report.append("\n  - ").append(v));
                report.append("\nplayed:");
                played.forEach(p -> report.append("\n  ").append(p));
                for (OrderUnderTest order : orders) {
                    report.append("\norder ").append(order.orderId).append(" payment ").append(order.paymentNumber)
                            .append("\n  history: ").append(order.history.stream().map(s -> s.status() + "/" + s.total()
                                    + (s.refunds().isEmpty() ? "" : "/refunds " + s.refunds().stream().map(RefundRef::amount).toList())).toList())
                            .append("\n  billmate: ").append(stack.ledger.calls(order.paymentNumber))
                            .append("\n  notes in the shop: ").append(stack.shop.notes(order.orderId, OrderNote.Origin.REST_API)
                                    .stream().map(OrderNote::note).toList());
                }
                report.append("\nprocessor log (last 60 lines):");
                List<String> log = stack.processorLog;
                log.subList(Math.max(0, log.size() - 60), log.size()).forEach(l -> report.append("\n  ").append(l));
                throw new AssertionError(report.toString());
            }
        }

        private void checkOrder(OrderUnderTest order, List<String> violations, long[] money) {
            String o = "order " + order.orderId + ": ";
            BillmateSandbox.Payment payment = stack.sandbox.payment(order.paymentNumber).orElseThrow();
            boolean captured = payment.captured();
            String kind = captured ? "captured" : "Cancelled".equals(payment.status()) ? "cancelled"
                    : "Created".equals(payment.status()) ? "reserved" : payment.status();
            OrderSnapshot last = order.last();
            List<NoteStore.Note> stored = stack.notes.forOrder(ChaosStack.SHOP, order.orderId);
            List<String> storedTexts = stored.stream().map(NoteStore.Note::text).toList();
            boolean unconfirmedCredit = storedTexts.stream().anyMatch(t -> t.startsWith("orderhook could not confirm whether refund"));
            boolean refundNotSent = storedTexts.stream().anyMatch(t -> t.contains(" was not sent to Billmate"));
            boolean captureBlocked = storedTexts.stream().anyMatch(t -> t.startsWith("Billmate holds ")
                    || t.startsWith("Billmate could not activate"));
            boolean updateRefused = storedTexts.stream().anyMatch(t -> t.startsWith("Billmate could not update"));
            List<RefundRef> manual = last.refunds().stream()
                    .filter(r -> r.amount() > 0 && !order.gatewayRefunds.contains(r.refundId())).toList();
            long manualSum = manual.stream().mapToLong(RefundRef::amount).sum();

            // 1. The payment is what the final order demands, or what an earlier capture/cancel
            //    status (which orderhook may have seen first) made it; a capture refused or blocked
            //    leaves it reserved; refunds of the whole order before capture cancel it.
            Set<String> allowed = order.paidAtCheckout ? Set.of("captured") : allowedPaymentStates(order.history);
            if (!order.paidAtCheckout && captureBlocked) {
                allowed.add("reserved");
            }
            if (!order.paidAtCheckout && order.history.stream().anyMatch(s -> !s.refunds().isEmpty()
                    && s.refunds().stream().mapToLong(RefundRef::amount).sum() >= s.total())) {
                allowed.add("cancelled");
            }
            if (!allowed.contains(kind)) {
                violations.add(o + "payment is " + kind + " (" + payment.status() + "); the history allows " + allowed);
            }
            if (kind.equals("reserved") && last.status().equals("processing") && !autoUpdateWasOff && !updateRefused
                    && payment.totalWithTax() != last.total() && payment.totalWithTax() != last.total() - manualSum) {
                violations.add(o + "processing with total " + last.total() + " and refunds " + manualSum
                        + " but the reservation holds " + payment.totalWithTax());
            }
            // Captured never exceeds the order's total at capture, less what was refunded before it.
            if (captured && !order.paidAtCheckout && order.history.stream().filter(s -> s.status().equals("completed"))
                    .noneMatch(s -> payment.totalWithTax() <= s.total()
                            && payment.totalWithTax() >= s.total() - s.refunds().stream().mapToLong(RefundRef::amount).sum())) {
                violations.add(o + "captured " + payment.totalWithTax() + ", which no completed version of the order was owed");
            }

            // 2. Never an activation or a cancellation sent for a payment that already had it.
            for (ProviderLedger.Call call : stack.ledger.calls(order.paymentNumber)) {
                if (call.function().equals("activatePayment") && call.before() != PaymentState.RESERVED) {
                    violations.add(o + "activatePayment sent while the payment was " + call.statusBefore());
                }
                if (call.function().equals("cancelPayment") && call.before() != PaymentState.RESERVED) {
                    violations.add(o + "cancelPayment sent while the payment was " + call.statusBefore());
                }
            }
            long activations = stack.ledger.calls("activatePayment", order.paymentNumber).stream()
                    .filter(c -> c.after() != c.before()).count();
            long cancellations = stack.ledger.calls("cancelPayment", order.paymentNumber).stream()
                    .filter(c -> c.after() != c.before()).count();
            if (activations > 1 || cancellations > 1 || activations + cancellations > 1) {
                violations.add(o + activations + " activations and " + cancellations + " cancellations applied");
            }

            // 3. Money: credited never more than captured, never a gateway refund, each manual refund
            //    at most once; and what the customer finally pays at Billmate is what the shop says.
            long credited = payment.creditedWithTax();
            long creditsApplied = stack.ledger.calls("creditPayment", order.paymentNumber).stream()
                    .filter(ProviderLedger.Call::creditApplied).count();
            if (credited > payment.totalWithTax() || (!captured && credited > 0)) {
                violations.add(o + "credited " + credited + " of a payment that captured " + (captured ? payment.totalWithTax() : 0));
            }
            if (creditsApplied > manual.size() || credited > manualSum) {
                violations.add(o + "credited " + credited + " in " + creditsApplied + " credits, but the manual refunds are "
                        + manual.size() + " of " + manualSum + " together");
            }
            if (captured && !unconfirmedCredit && !refundNotSent) {
                long paysAtBillmate = payment.totalWithTax() - credited;
                if (order.history.stream().noneMatch(s -> paysAtBillmate == s.total() - manualSum)) {
                    violations.add(o + "the customer pays " + paysAtBillmate + " at Billmate (captured " + payment.totalWithTax()
                            + ", credited " + credited + "), but no version of the order less its manual refunds ("
                            + manualSum + ") is that");
                }
            }
            money[0] += captured ? payment.totalWithTax() : 0;
            money[1] += credited;

            // 4. orderhook's own record agrees and has nothing left pending.
            OrderState recorded = stack.states.load(ChaosStack.SHOP, order.orderId).orElse(null);
            if (recorded != null && recorded.pending() != null) {
                violations.add(o + "step " + recorded.pending().step().key() + " is still pending");
            }
            String recordedKind = recorded == null ? "reserved" : switch (recorded.reservation()) {
                case RESERVED -> "reserved";
                case ACTIVATED -> "captured";
                case CANCELLED -> "cancelled";
                case NOT_FOUND -> "unknown to Billmate";
            };
            if (recorded != null && !recordedKind.equals(kind)) {
                violations.add(o + "orderhook recorded the payment as " + recordedKind + ", Billmate holds " + kind);
            }

            // 6. The payment ledger holds what Billmate holds: the capture, and orderhook's credits
            //    (an undecided credit may or may not be there); gateway refunds are the shop's.
            if (recorded != null) {
                List<LedgerEntry> entries = stack.payments.forOrder(ChaosStack.SHOP, order.orderId);
                long ledgerCaptured = entries.stream().mapToLong(LedgerEntry::captured).sum();
                long ledgerCredited = entries.stream().filter(e -> e.operation() != LedgerEntry.Operation.GATEWAY_REFUND)
                        .mapToLong(LedgerEntry::refunded).sum();
                long ledgerUndecided = entries.stream().filter(e -> e.result() == LedgerEntry.Result.UNDECIDED)
                        .mapToLong(LedgerEntry::amount).sum();
                long ledgerGateway = entries.stream().filter(e -> e.operation() == LedgerEntry.Operation.GATEWAY_REFUND)
                        .mapToLong(LedgerEntry::refunded).sum();
                long gatewaySettled = last.refunds().stream().filter(r -> recorded.gatewayRefundIds().contains(r.refundId()))
                        .mapToLong(RefundRef::amount).sum();
                if (ledgerCaptured != (captured ? payment.totalWithTax() : 0)) {
                    violations.add(o + "the ledger captured " + ledgerCaptured + ", Billmate " + (captured ? payment.totalWithTax() : 0)
                            + ": " + entries);
                }
                if (credited < ledgerCredited || credited > ledgerCredited + ledgerUndecided) {
                    violations.add(o + "the ledger credited " + ledgerCredited + " (undecided " + ledgerUndecided
                            + "), Billmate " + credited + ": " + entries);
                }
                if (!recorded.payment().equals(io.orderhook.ledger.PaymentTotals.of(entries))) {
                    violations.add(o + "the state's payment totals " + recorded.payment() + " are not its ledger's "
                            + io.orderhook.ledger.PaymentTotals.of(entries));
                }
                if (ledgerGateway != gatewaySettled) {
                    violations.add(o + "the ledger holds " + ledgerGateway + " of gateway refunds, orderhook settled "
                            + gatewaySettled);
                }
            }

            // 5. Notes: every stored note delivered, each exactly once, nothing else from orderhook.
            List<String> inShop = stack.shop.notes(order.orderId, OrderNote.Origin.REST_API).stream().map(OrderNote::note).toList();
            if (inShop.size() != stored.size()) {
                violations.add(o + stored.size() + " notes stored but " + inShop.size() + " in the shop");
            }
            for (NoteStore.Note note : stored) {
                if (!note.delivered()) {
                    violations.add(o + "note " + note.sortKey() + " not delivered: " + note.lastError() + (note.rejected() ? " (rejected)" : ""));
                }
                String reference = "(orderhook ref " + NoteDelivery.reference(note) + ")";
                long copies = inShop.stream().filter(t -> t.contains(reference)).count();
                if (copies != 1) {
                    violations.add(o + "note \"" + note.text() + "\" is in the shop " + copies + " times");
                }
            }
            List<String> texts = inShop.stream().map(NoteDelivery::withoutReference).toList();
            long activatedNotes = texts.stream().filter(t -> t.startsWith("Billmate reservation was successfully activated")).count();
            long cancelledNotes = texts.stream().filter(t -> t.startsWith("Billmate reservation was successfully cancelled")).count();
            if (activatedNotes != (captured && !order.paidAtCheckout ? 1 : 0) || cancelledNotes != (kind.equals("cancelled") ? 1 : 0)) {
                violations.add(o + activatedNotes + " activation and " + cancelledNotes + " cancellation notes for a " + kind + " payment");
            }
            // Refusals Billmate gives for a business reason the merchant can act on are fine; any other
            // refusal means orderhook sent something Billmate does not take.
            texts.stream().filter(t -> t.contains(" could not ") && !t.startsWith("orderhook could not confirm whether refund")
                    && !t.contains("(error code 5215)") && !t.contains("(error code 5216)"))
                    .forEach(t -> violations.add(o + "a refusal without a business reason: " + t));
        }

        /**
         * The payment states the order's history allows: orderhook sees the final version and
         * possibly any earlier ones, in order; the first capture or cancel status it sees decides.
         */
        static Set<String> allowedPaymentStates(List<OrderSnapshot> history) {
            Set<String> allowed = new HashSet<>();
            String finalStatus = history.get(history.size() - 1).status();
            allowed.add(decides(finalStatus) == null ? "reserved" : decides(finalStatus));
            for (OrderSnapshot earlier : history.subList(0, history.size() - 1)) {
                if (decides(earlier.status()) != null) {
                    allowed.add(decides(earlier.status()));
                }
            }
            return allowed;
        }

        private static String decides(String status) {
            return switch (status) {
                case "completed" -> "captured";
                case "cancelled" -> "cancelled";
                default -> null;
            };
        }
    }

}
