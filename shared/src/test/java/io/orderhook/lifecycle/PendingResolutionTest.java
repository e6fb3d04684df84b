package io.orderhook.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderhook.lifecycle.PendingResolution.Verdict;
import io.orderhook.provider.Capabilities;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentState;

class PendingResolutionTest {
    private static final OrderState ACTIVATED_NOTHING_CREDITED =
            OrderState.initial("s", "1").applied(new Step.Update("u", "h", 10_000), "n").applied(new Step.Activate("a", 10_000, java.util.List.of()), "A");
    private static final OrderState CREDITED_3000 =
            ACTIVATED_NOTHING_CREDITED.applied(new Step.Credit("c", "7", 3_000, false), "C");

    private static final Capabilities NO_SAFE_REPEAT = new Capabilities(false, false, false, false);
    private static final Capabilities BILLMATE = new Capabilities(false, false, false, true);

    @org.junit.jupiter.api.Test
    void case10AnAmbiguousWordIsResolvedBySendingAgainOnlyWhereTheProviderRefusesARepeat() {
        PaymentInfo handling = new PaymentInfo("1000001", PaymentState.AMBIGUOUS, "Handling", 10_000, -1);
        assertEquals(Verdict.NOT_APPLIED, PendingResolution.resolve(new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"),
                handling, BILLMATE));
        assertEquals(Verdict.UNDECIDABLE, PendingResolution.resolve(new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"),
                handling, NO_SAFE_REPEAT));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("an activation the provider shows as paid was applied",
                        new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"), PaymentState.ACTIVATED, 10_000, -1, Verdict.APPLIED),
                row("an activation of a payment still created was not applied",
                        new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"), PaymentState.RESERVED, 10_000, -1, Verdict.NOT_APPLIED),
                row("a payment waiting at the provider cannot tell",
                        new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"), PaymentState.PENDING, 10_000, -1, Verdict.UNDECIDABLE),
                row("a cancellation the provider shows as cancelled was applied",
                        new Step.Cancel("c"), OrderState.initial("s", "1"), PaymentState.CANCELLED, 10_000, -1, Verdict.APPLIED),
                row("a cancellation of a payment still reserved was not applied",
                        new Step.Cancel("c"), OrderState.initial("s", "1"), PaymentState.RESERVED, 10_000, -1, Verdict.NOT_APPLIED),
                row("an update whose total the provider holds was applied",
                        new Step.Update("u", "h", 12_500), OrderState.initial("s", "1"), PaymentState.RESERVED, 12_500, -1, Verdict.APPLIED),
                row("an update whose total the provider does not hold was not applied",
                        new Step.Update("u", "h", 12_500), OrderState.initial("s", "1"), PaymentState.RESERVED, 10_000, -1, Verdict.NOT_APPLIED),
                row("a credit the provider counts was applied",
                        new Step.Credit("c", "8", 2_000, false), CREDITED_3000, PaymentState.ACTIVATED, 10_000, 5_000, Verdict.APPLIED),
                row("a credit the provider does not count was not applied",
                        new Step.Credit("c", "8", 2_000, false), CREDITED_3000, PaymentState.ACTIVATED, 10_000, 3_000, Verdict.NOT_APPLIED),
                row("a whole-payment credit shown as credited was applied although the amount is not given",
                        new Step.Credit("c", "8", 10_000, true), ACTIVATED_NOTHING_CREDITED, PaymentState.CREDITED, 10_000, -1,
                        Verdict.APPLIED),
                row("a whole-payment credit of a payment still paid was not applied (a repeat over the balance is refused)",
                        new Step.Credit("c", "8", 10_000, true), ACTIVATED_NOTHING_CREDITED, PaymentState.ACTIVATED, 10_000, -1,
                        Verdict.NOT_APPLIED),
                row("case 10: a credit-check word of a created payment is no activation",
                        new Step.Activate("a", 10_000, java.util.List.of()), OrderState.initial("s", "1"), PaymentState.RESERVED, 10_000, -1, Verdict.NOT_APPLIED),
                row("a part credit without the credited amount cannot be decided",
                        new Step.Credit("c", "8", 2_000, false), CREDITED_3000, PaymentState.ACTIVATED, 10_000, -1, Verdict.UNDECIDABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theProvidersViewDecidesWhetherAnUnknownStepWasApplied(String name, Step step, OrderState recorded,
            PaymentState state, long total, long credited, Verdict expected) {
        PaymentInfo info = new PaymentInfo("1000001", state, state.name(), total, credited);
        assertEquals(expected, PendingResolution.resolve(step, recorded, info, NO_SAFE_REPEAT));
    }

    private static Arguments row(String name, Step step, OrderState recorded, PaymentState state, long total, long credited,
            Verdict verdict) {
        return Arguments.of(name, step, recorded, state, total, credited, verdict);
    }
}
