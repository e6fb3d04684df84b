package io.orderhook.order;

/**
 * Who the order is for, as far as a provider needs it to update a payment (Billmate's
 * updatePayment takes the billing and shipping address). Personal data: {@link #toString()}
 * never shows it, so a logged snapshot or state cannot leak it.
 *
 * @param email    the billing e-mail address, or empty
 * @param billing  the billing address
 * @param shipping the shipping address (empty fields when the shop has none)
 * @param language the customer's or shop's language as ISO 639-1 ("sv"), or empty when the shop does not say
 */
public record Customer(String email, Address billing, Address shipping, String language) {

    public static final Customer NONE = new Customer("", Address.NONE, Address.NONE, "");

    /** One address; every field may be empty. {@code country} is ISO 3166-1 alpha-2. */
    public record Address(String firstName, String lastName, String company, String street, String street2,
            String zip, String city, String country, String phone) {

        public static final Address NONE = new Address("", "", "", "", "", "", "", "", "");

        public boolean isEmpty() {
            return equals(NONE);
        }

        @Override
        public String toString() {
            return "Address[country=" + country + ", personal data withheld]";
        }
    }

    @Override
    public String toString() {
        return "Customer[billing country=" + billing.country() + ", personal data withheld]";
    }
}
