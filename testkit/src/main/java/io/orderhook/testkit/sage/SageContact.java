package io.orderhook.testkit.sage;

import java.math.BigDecimal;

/**
 * A customer contact as the sandbox holds it, in Sage's own terms: {@code credit_limit} and
 * {@code balance} are decimals of the contact's currency; a null limit is "none set" (also what
 * subscriptions without credit control give).
 */
public record SageContact(String id, String name, String reference, String email, BigDecimal creditLimit,
        BigDecimal balance, String currency, boolean deleted) {

    SageContact withBalance(BigDecimal changed) {
        return new SageContact(id, name, reference, email, creditLimit, changed, currency, deleted);
    }

    SageContact withLimit(BigDecimal changed) {
        return new SageContact(id, name, reference, email, changed, balance, currency, deleted);
    }
}
