package io.orderhook.testkit.woocommerce;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.testkit.woocommerce.ShopSimulator.KeyPermissions;

/**
 * What a {@link ShopSimulator} is built with: its REST key, webhooks, currency, tax settings and
 * rates, products, coupons, order statuses, time zone and clocks, and how it is served. Each
 * setting answers the builder ({@code B}), so settings chain into {@link ShopSimulator.Builder#build()}.
 *
 * @param <B> the builder
 */
public abstract class ShopSetup<B extends ShopSetup<B>> {
    /** WordPress post statuses are at most 20 characters, and WooCommerce adds "wc-". */
    private static final int MAX_STATUS_LENGTH = 17;

    String consumerKey = "ck_test";
    String consumerSecret = "cs_test";
    KeyPermissions keyPermissions = KeyPermissions.READ_WRITE;
    String webhookSecret = "webhook-secret";
    URI deliveryUrl;
    URI siteUrl;
    String currency = "SEK";
    int decimals = 2;
    boolean pricesIncludeTax;
    boolean roundTaxAtSubtotal;
    String shippingTaxClass = "";
    final List<TaxRateSpec> taxRates = new ArrayList<>();
    final List<ProductSpec> products = new ArrayList<>();
    final List<CouponSpec> coupons = new ArrayList<>();
    final Map<String, String> statuses = new LinkedHashMap<>();
    ZoneId timeZone = ZoneOffset.UTC;
    Clock clock = Clock.systemUTC();
    Clock serverClock = Clock.systemUTC();
    boolean https;
    boolean stripsAuthorizationHeader;

    ShopSetup() {
        statuses.put("pending", "Pending payment");
        statuses.put("processing", "Processing");
        statuses.put("on-hold", "On hold");
        statuses.put("completed", "Completed");
        statuses.put("cancelled", "Cancelled");
        statuses.put("refunded", "Refunded");
        statuses.put("failed", "Failed");
    }

    public B restKey(String consumerKey, String consumerSecret) {
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        return self();
    }

    /** A "Read" key makes every write answer 401, as a merchant's wrongly created key would. */
    public B keyPermissions(KeyPermissions permissions) {
        this.keyPermissions = permissions;
        return self();
    }

    /** Where order webhooks go (none configured: changes are not delivered). */
    public B webhooks(URI deliveryUrl, String secret) {
        this.deliveryUrl = deliveryUrl;
        this.webhookSecret = secret;
        return self();
    }

    public B siteUrl(URI siteUrl) {
        this.siteUrl = siteUrl;
        return self();
    }

    public B currency(String currency, int decimals) {
        this.currency = currency;
        this.decimals = decimals;
        return self();
    }

    /** "Yes, I will enter prices inclusive of tax" (WooCommerce's default is no). */
    public B pricesIncludeTax(boolean pricesIncludeTax) {
        this.pricesIncludeTax = pricesIncludeTax;
        return self();
    }

    /** "Round tax at subtotal level, instead of rounding per line". */
    public B roundTaxAtSubtotal(boolean roundTaxAtSubtotal) {
        this.roundTaxAtSubtotal = roundTaxAtSubtotal;
        return self();
    }

    public B shippingTaxClass(String taxClass) {
        this.shippingTaxClass = taxClass;
        return self();
    }

    public B taxRate(TaxRateSpec rate) {
        taxRates.add(rate);
        return self();
    }

    /** Swedish VAT: 25 % Standard (rate 1, also on shipping), 12 % "reduced-rate" (2), 6 % "low-rate" (3), 0 % "zero-rate" (4). */
    public B swedishVat() {
        taxRates.add(TaxRateSpec.of(1, "SE", "Moms 25%", "25", ""));
        taxRates.add(TaxRateSpec.of(2, "SE", "Moms 12%", "12", "reduced-rate"));
        taxRates.add(TaxRateSpec.of(3, "SE", "Moms 6%", "6", "low-rate"));
        taxRates.add(TaxRateSpec.of(4, "SE", "Momsfri", "0", "zero-rate"));
        return self();
    }

    public B product(ProductSpec product) {
        products.add(product);
        return self();
    }

    public B coupon(CouponSpec coupon) {
        coupons.add(coupon);
        return self();
    }

    /** A custom order status ("shipped", "Shipped"), as if a plugin had registered it. */
    public B status(String slug, String label) {
        requireValidStatusSlug(slug);
        statuses.put(slug, label);
        return self();
    }

    /** WordPress's timezone setting, for the non-GMT dates (default UTC, as a fresh WordPress). */
    public B timeZone(ZoneId timeZone) {
        this.timeZone = timeZone;
        return self();
    }

    public B clock(Clock clock) {
        this.clock = clock;
        return self();
    }

    /**
     * The server's {@code time()} for OAuth timestamps and nonces (default: the real clock). Kept
     * apart from {@link #clock}, which tests move to date orders, because WordPress checks
     * timestamps against the machine's time.
     */
    public B serverClock(Clock serverClock) {
        this.serverClock = serverClock;
        return self();
    }

    /**
     * Served over HTTPS ({@code is_ssl()}), with a self-signed test certificate
     * ({@link ShopSimulator#clientSslContext()} trusts it): WooCommerce then reads Basic auth and query-string
     * keys. Without it the shop is on plain http, where WooCommerce takes only OAuth 1.0a.
     */
    public B https() {
        this.https = true;
        return self();
    }

    /** The web server drops the Authorization header before PHP (WooCommerce then sees no Basic credentials). */
    public B stripsAuthorizationHeader() {
        this.stripsAuthorizationHeader = true;
        return self();
    }

    abstract B self();

    static void requireValidStatusSlug(String slug) {
        if (slug.startsWith("wc-")) {
            throw new IllegalArgumentException("register the status without the wc- prefix: " + slug.substring(3));
        }
        if (slug.isEmpty() || slug.length() > MAX_STATUS_LENGTH || !slug.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("a status slug is 1 to " + MAX_STATUS_LENGTH
                    + " lower-case letters, digits, '-' or '_': " + slug);
        }
    }
}
