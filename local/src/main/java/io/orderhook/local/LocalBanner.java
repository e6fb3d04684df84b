package io.orderhook.local;

import java.io.PrintStream;
import java.net.URI;

import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;

/** What {@code orderhook local} prints once the stack is up: its URLs and the demo shop. */
final class LocalBanner {
    private LocalBanner() {}

    static void print(LocalBackend backend, PrintStream out) {
        URI base = backend.baseUrl();
        ShopConfig demo = backend.shopConfigs().read(LocalShops.DEMO).orElseThrow();
        ShopSettings s = demo.settings();
        out.println("orderhook local is running (Ctrl-C stops it)");
        out.println();
        out.println("  webhook (WooCommerce delivery URL)  POST " + base + LocalBackend.WEBHOOK_PATH + "{shopId}");
        out.println("  console (this machine only)         " + base + "/console/");
        out.println("  admin (this machine only, no auth)  GET  " + base + LocalBackend.ADMIN_PATH + "shops/{shopId}/orders/{orderId}");
        out.println("                                      PUT  " + base + LocalBackend.ADMIN_PATH + "shops/{shopId}/settings");
        out.println("                                      GET  " + base + LocalBackend.ADMIN_PATH + "shops/{shopId}/quarantine");
        out.println("                                      POST " + base + LocalBackend.ADMIN_PATH
                + "shops/{shopId}/connect (orderhook connect)");
        out.println("  Billmate sandbox                    " + base + LocalBackend.BILLMATE_PATH + "/");
        out.println("  Klarna sandbox                      " + base + LocalBackend.KLARNA_PATH + "/");
        out.println("  Stripe sandbox                      " + base + LocalBackend.STRIPE_PATH + "/");
        out.println("  shop simulator (WooCommerce REST)   " + base + LocalBackend.WOOCOMMERCE_PATH + "/wp-json/wc/v3/");
        out.println("  DynamoDB Local                      " + backend.dynamodbEndpoint() + "  table " + LocalBackend.TABLE
                + (backend.options().data() == null ? "  (in memory; --data DIR keeps it)"
                        : "  (data in " + backend.options().data() + ")"));
        out.println("  processor                           stream poller: batches of 10, 4 orders in parallel, 10 retries");
        out.println("  outbox dispatcher                   every " + backend.options().outboxInterval().toSeconds() + " s");
        if (backend.options().schedulerInterval() != null) {
            out.println("  scheduled jobs                      every " + backend.options().schedulerInterval().toSeconds()
                    + " s (sweep, due retries, waiting notes)");
        }
        out.println();
        out.println("  demo shop");
        out.println("    shop id            " + LocalShops.DEMO);
        out.println("    webhook secret     " + LocalShops.DEMO_WEBHOOK_SECRET);
        out.println("    REST key / secret  " + LocalShops.DEMO_REST_KEY + " / " + LocalShops.DEMO_REST_SECRET
                + "  (shop simulator at " + demo.shopUrl() + ")");
        out.println("    Billmate           id " + LocalShops.DEMO_BILLMATE_ID + ", secret " + LocalShops.DEMO_BILLMATE_SECRET
                + " (sandbox at " + demo.provider().endpoint() + ")");
        out.println("    settings           orderManagementEnabled=" + s.orderManagementEnabled() + " debugLog=" + s.debugLog()
                + " captureStatus=" + s.captureStatus() + " failureStatus=" + s.failureStatus()
                + " paymentMethods=" + s.paymentMethods());
        for (ShopConfig other : backend.configured()) {
            if (!other.shopId().equals(LocalShops.DEMO)) {
                out.println("  shop " + other.shopId() + ": " + other.shopUrl() + ", Billmate " + other.provider().accountId()
                        + " at " + other.provider().endpoint() + "; delivery URL " + base + LocalBackend.WEBHOOK_PATH
                        + other.shopId());
            }
        }
        out.println();
        out.println("  try:  ./orderhook demo        (the four order-management procedures, as a merchant does them)");
        out.println("        ./orderhook connect myshop --url https://myshop.example --key ck_... --secret cs_... "
                + "--billmate-id ID --billmate-secret S");
        out.println("        ./orderhook orders demo <orderId>   ./orderhook settings demo --debug-log on");
        out.println();
    }
}
