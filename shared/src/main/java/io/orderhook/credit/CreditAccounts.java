package io.orderhook.credit;

/**
 * Where a customer's credit account is kept, behind one interface as payment providers are: the
 * built-in {@link AccountBook} or an accounting system ({@link SageAccounts}). A lookup only reads.
 */
public interface CreditAccounts {

    /** The account of the customer with this billing e-mail address. */
    Lookup lookup(String email);

    /**
     * A customer's credit account, money in minor units of the account's currency.
     *
     * @param source    where it was read ("book", "sage")
     * @param reference the account's code there (Sage's contact reference), or the e-mail for the book
     * @param limit     the credit limit
     * @param balance   what the customer owes already (0 in the book: its exposure is the open orders)
     * @param onHold    the account is on hold
     * @param currency  the account's currency, or null when the source does not say
     */
    record Account(String source, String reference, long limit, long balance, boolean onHold, String currency) {}

    /** What a lookup found. */
    sealed interface Lookup {
        enum Kind { FOUND, NO_ACCOUNT, FAILED }

        Kind kind();

        record Found(Account account) implements Lookup {
            @Override
            public Kind kind() {
                return Kind.FOUND;
            }
        }

        /** The source answered and has no credit account for the customer. */
        record NoAccount(String detail) implements Lookup {
            @Override
            public Kind kind() {
                return Kind.NO_ACCOUNT;
            }
        }

        /** The source could not answer (down, refused the token, a malformed answer): never a verdict on the order. */
        record Failed(String reason) implements Lookup {
            @Override
            public Kind kind() {
                return Kind.FAILED;
            }
        }
    }
}
