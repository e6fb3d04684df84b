package io.orderhook.provider.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BillmateRedactionTest {

    @Test
    void hashPersonalNumberNamesAddressesEmailAndPhoneAreRedactedAndAmountsKept() {
        String request = "{\"credentials\":{\"id\":\"12345\",\"hash\":\"abc\"},\"data\":{\"PaymentData\":{\"number\":\"1000235\"},"
                + "\"Customer\":{\"pno\":\"550101-1018\",\"Billing\":{\"firstname\":\"Tess\",\"lastname\":\"Person\","
                + "\"street\":\"Gatan 1\",\"zip\":\"12345\",\"city\":\"Lund\",\"country\":\"SE\",\"email\":\"t@example.com\","
                + "\"phone\":\"0700\"}},\"Cart\":{\"Total\":{\"withtax\":\"12500\"}}},\"function\":\"updatePayment\"}";

        assertEquals("{\"credentials\":{\"id\":\"12345\",\"hash\":\"[redacted]\"},\"data\":{\"PaymentData\":{\"number\":\"1000235\"},"
                + "\"Customer\":{\"pno\":\"[redacted]\",\"Billing\":{\"firstname\":\"[redacted]\",\"lastname\":\"[redacted]\","
                + "\"street\":\"[redacted]\",\"zip\":\"[redacted]\",\"city\":\"[redacted]\",\"country\":\"SE\",\"email\":\"[redacted]\","
                + "\"phone\":\"[redacted]\"}},\"Cart\":{\"Total\":{\"withtax\":\"12500\"}}},\"function\":\"updatePayment\"}",
                BillmateRedaction.redact(request));
    }

    @Test
    void aBodyThatIsNotJsonIsNotLoggedAtAll() {
        assertEquals("[unreadable body of 23 characters, not logged]", BillmateRedaction.redact("<html>pno 550101</html>"));
    }
}
