package io.orderhook.credit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Credit ordering (settings name {@code credit}): trusted business customers order with an
 * invoice gateway without paying at checkout, and orderhook holds each such order in
 * {@link #pendingStatus} until the customer's credit account is checked, then moves it to the
 * status it came with, or to {@link #failedStatus} with the reasons told to the customer.
 *
 * @param paymentMethods the WooCommerce gateway ids of credit ordering; empty turns the checks off
 * @param pendingStatus  the status while the check runs (a status the shop registers; slug at most 17 characters)
 * @param failedStatus   the status of an order that failed the check (registered by the shop likewise)
 * @param pendingNote    the customer note sent when the check starts; {@code {order}} is filled in
 * @param payAnotherWay  a failed check's customer note carries the order's payment page ({@code payment_url}),
 *                       which works once the shop lets customers pay in {@link #failedStatus} (docs/OPERATIONS.md)
 * @param source         where accounts come from: {@link Source#BOOK} (the accounts below) or {@link Source#SAGE}
 * @param sage           Sage Business Cloud Accounting, for {@link Source#SAGE}
 * @param accounts       the built-in account book: billing e-mail (lower case) to its limit and hold; with Sage,
 *                       an entry here puts a Sage customer on hold (Sage's contacts carry no hold flag)
 */
public record CreditSettings(Set<String> paymentMethods, String pendingStatus, String failedStatus, String pendingNote,
        boolean payAnotherWay, Source source, SageAccount sage, Map<String, BookAccount> accounts) {

    public static final String DEFAULT_PENDING_NOTE =
            "Order #{order} is subject to additional checks on your account and will be confirmed shortly.";
    public static final String SAGE_API = "https://api.accounting.sage.com/v3.1";

    /** Where the customer's credit account is looked up. */
    public enum Source {
        BOOK, SAGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source parse(String text) {
            for (Source s : values()) {
                if (s.wireName().equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("credit source must be book or sage, not " + text);
        }
    }

    /**
     * A customer's account in the built-in book.
     *
     * @param limit  the credit limit in minor units of the shop's currency
     * @param onHold the account is on hold: no order on credit passes
     */
    public record BookAccount(long limit, boolean onHold) {}

    /**
     * The shop's Sage business.
     *
     * @param endpoint   the API base ({@link #SAGE_API} unless a test points elsewhere)
     * @param tokenRef   the secret reference of the OAuth 2.0 access token (resolved like every other secret)
     * @param businessId the {@code X-Business} to use, or null for the token owner's lead business
     */
    public record SageAccount(String endpoint, String tokenRef, String businessId) {
        public static SageAccount defaults() {
            return new SageAccount(SAGE_API, null, null);
        }
    }

    public CreditSettings {
        paymentMethods = Set.copyOf(paymentMethods);
        source = source == null ? Source.BOOK : source;
        sage = sage == null ? SageAccount.defaults() : sage;
        accounts = Map.copyOf(accounts);
    }

    public static CreditSettings defaults() {
        return new CreditSettings(Set.of(), "pending-credit", "failed-credit", DEFAULT_PENDING_NOTE, true, Source.BOOK,
                SageAccount.defaults(), Map.of());
    }

    /** Orders of this payment method are checked. */
    public boolean checks(String paymentMethod) {
        return paymentMethods.contains(paymentMethod);
    }

    /** The book's entry for a billing e-mail address (compared in lower case), or null. */
    public BookAccount bookAccount(String email) {
        return email == null ? null : accounts.get(email.toLowerCase(Locale.ROOT));
    }

    /** The customer note that starts the check. */
    public String pendingNoteFor(String orderNumber) {
        return pendingNote.replace("{order}", orderNumber);
    }
}
