package io.orderhook.credit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The credit check's verdict, a pure function of what the lookup found, the customer's other open
 * credit orders and this order: an account on hold fails; balance + open orders + this order above
 * the limit fails with the amounts; no account fails. A lookup error is never a verdict (the gate
 * retries it), so it does not reach here.
 *
 * @param passed  the order may go on to its natural status
 * @param reasons why it failed, empty when it passed
 * @param figures the inputs, null when there was no account
 */
public record CreditDecision(boolean passed, List<Reason> reasons, Figures figures) {

    /** Why a check failed. */
    public enum Reason {
        ON_HOLD, OVER_LIMIT, NO_ACCOUNT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Reason parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * The check's inputs in minor units.
     *
     * @param exposure the customer's other open credit orders that orderhook knows (reserved before this one)
     */
    public record Figures(String source, String reference, long limit, long balance, long exposure, long orderTotal,
            boolean onHold) {

        /** What the customer may still order on credit before this order. */
        public long available() {
            return limit - balance - exposure;
        }

        public boolean fits() {
            return orderTotal <= available();
        }
    }

    public static CreditDecision noAccount() {
        return new CreditDecision(false, List.of(Reason.NO_ACCOUNT), null);
    }

    public static CreditDecision of(CreditAccounts.Account account, long exposure, long orderTotal) {
        Figures figures = new Figures(account.source(), account.reference(), account.limit(), account.balance(), exposure,
                orderTotal, account.onHold());
        List<Reason> reasons = new ArrayList<>();
        if (account.onHold()) {
            reasons.add(Reason.ON_HOLD);
        }
        if (!figures.fits()) {
            reasons.add(Reason.OVER_LIMIT);
        }
        return new CreditDecision(reasons.isEmpty(), List.copyOf(reasons), figures);
    }
}
