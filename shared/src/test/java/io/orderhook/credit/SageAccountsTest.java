package io.orderhook.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.orderhook.testkit.sage.SageFault;
import io.orderhook.testkit.sage.SageSandbox;

/** The Sage client against the Sage sandbox over HTTP: a customer's limit and balance, and every way a lookup fails. */
class SageAccountsTest {
    private final SageSandbox sage = SageSandbox.start().token("good-token");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        sage.close();
    }

    private CreditSettings settings(Map<String, CreditSettings.BookAccount> book) {
        CreditSettings d = CreditSettings.defaults();
        return new CreditSettings(Set.of("invoice"), d.pendingStatus(), d.failedStatus(), d.pendingNote(), true,
                CreditSettings.Source.SAGE, new CreditSettings.SageAccount(sage.endpoint().toString(), "sage-token", null), book);
    }

    private CreditAccounts.Lookup lookup(String token, String email) {
        return new SageAccounts(settings(Map.of()), () -> token, http).lookup(email);
    }

    @Test
    void aCustomerContactGivesItsLimitAndBalanceInMinorUnits() {
        sage.customer("Acme Ltd", "ACME001", "accounts@acme.example", "5000.00", "1250.5", "GBP");

        CreditAccounts.Lookup found = lookup("good-token", "Accounts@Acme.example");

        assertEquals(new CreditAccounts.Lookup.Found(new CreditAccounts.Account("sage", "ACME001", 500_000, 125_050, false, "GBP")),
                found);
        assertEquals(1, sage.calls("list_contacts"));
        assertEquals(1, sage.calls("get_contact"));
    }

    @Test
    void theAccountBookPutsASageCustomerOnHold() {
        sage.customer("Acme Ltd", "ACME001", "accounts@acme.example", "5000.00", "0", "GBP");
        CreditAccounts accounts = new SageAccounts(settings(Map.of("accounts@acme.example",
                new CreditSettings.BookAccount(0, true))), () -> "good-token", http);

        CreditAccounts.Lookup found = accounts.lookup("accounts@acme.example");

        assertTrue(((CreditAccounts.Lookup.Found) found).account().onHold());
    }

    @Test
    void noContactOrNoCreditLimitIsNoAccount() {
        sage.customer("Cash Sales", "CASH", "cash@shop.example", null, "0", "GBP");

        assertEquals(CreditAccounts.Lookup.Kind.NO_ACCOUNT, lookup("good-token", "nobody@example.com").kind());
        assertEquals(CreditAccounts.Lookup.Kind.NO_ACCOUNT, lookup("good-token", "cash@shop.example").kind());
    }

    @Test
    void aWrongOrExpiredTokenIsALookupErrorNamingTheTokenNeverAVerdict() {
        sage.customer("Acme Ltd", "ACME001", "accounts@acme.example", "5000.00", "0", "GBP");
        sage.expire("good-token");

        CreditAccounts.Lookup expired = lookup("good-token", "accounts@acme.example");
        CreditAccounts.Lookup wrong = lookup("made-up", "accounts@acme.example");

        assertEquals(CreditAccounts.Lookup.Kind.FAILED, expired.kind());
        String reason = ((CreditAccounts.Lookup.Failed) expired).reason();
        assertTrue(reason.contains("401") && reason.contains("tokenRef") && !reason.contains("good-token"), reason);
        assertEquals(CreditAccounts.Lookup.Kind.FAILED, wrong.kind());
        assertEquals(0, sage.calls("list_contacts"), "nothing is served without a valid token");
    }

    @Test
    void sageDownOrFaultingIsALookupError() {
        sage.customer("Acme Ltd", "ACME001", "accounts@acme.example", "5000.00", "0", "GBP");
        sage.inject("get_contact", 1, SageFault.status(502));
        CreditAccounts.Lookup faulted = lookup("good-token", "accounts@acme.example");
        sage.down(true);
        CreditAccounts.Lookup down = lookup("good-token", "accounts@acme.example");
        sage.down(false);

        assertTrue(((CreditAccounts.Lookup.Failed) faulted).reason().contains("502"), faulted.toString());
        assertTrue(((CreditAccounts.Lookup.Failed) down).reason().contains("503"), down.toString());
        assertEquals(CreditAccounts.Lookup.Kind.FOUND, lookup("good-token", "accounts@acme.example").kind());
    }
}
