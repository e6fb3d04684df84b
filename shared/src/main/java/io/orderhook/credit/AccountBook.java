package io.orderhook.credit;

/**
 * The built-in account book: each customer's limit and hold from the shop's credit settings. It
 * keeps no balance; what the customer owes is the open credit orders orderhook reserved
 * ({@code ExposureStore}).
 */
public final class AccountBook implements CreditAccounts {
    private final CreditSettings settings;
    private final String currency;

    public AccountBook(CreditSettings settings, String currency) {
        this.settings = settings;
        this.currency = currency;
    }

    @Override
    public Lookup lookup(String email) {
        CreditSettings.BookAccount account = settings.bookAccount(email);
        if (account == null) {
            return new Lookup.NoAccount("the account book has no entry for the customer");
        }
        return new Lookup.Found(new Account("book", "", account.limit(), 0, account.onHold(), currency));
    }
}
