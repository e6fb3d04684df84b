package io.orderhook.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.store.OrderDeliveries;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.ShopOrderStates;
import io.orderhook.wiring.Wiring;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The admin routes, independent of how they are served (API Gateway in AWS, local mode's HTTP
 * server on a laptop). {@link #ROUTES} is the table: each route's method and path as template.yaml
 * declares it (a test holds the two together), and the class that answers it: {@link OrderView},
 * {@link SettingsRoutes}, {@link QuarantineRoutes}, {@link ConnectRoutes}, {@link SweepRoutes}, {@link StatusRoutes},
 * {@link FailedRoutes}, and the console's reads: {@link ShopListRoutes}, {@link OrderListRoutes}, {@link OrderTimeline}.
 */
public final class AdminApi {
    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, String body) {}

    /** One route: its method, its path with {@code {name}} parameters, and what answers it. */
    public record Route(String method, String path, Handler handler) {
        /** "GET /admin/shops/{shopId}/settings", as API Gateway's route keys and template.yaml name it. */
        public String key() {
            return method + " " + path;
        }

        Pattern pattern() {
            return Pattern.compile(path.replaceAll("\\{[^}]+}", "([^/]+)") + "/?");
        }
    }

    /** Answers a matched route, given the path parameters in order. */
    @FunctionalInterface
    interface Handler {
        Answer answer(AdminApi api, List<String> params, Call call);
    }

    /** What a route may read of the request besides its path: its body, its query string's parameters. */
    record Call(String body, String webhookBase, QueryParameters query) {}

    /** Every admin route; template.yaml must declare each one with the same method and path. */
    public static final List<Route> ROUTES = List.of(
            new Route("GET", "/admin/shops", (api, p, c) -> api.shopList.list()),
            new Route("GET", "/admin/shops/{shopId}/orders", (api, p, c) -> api.orderList.list(p.get(0), c.query())),
            new Route("GET", "/admin/shops/{shopId}/orders/{orderId}/timeline",
                    (api, p, c) -> api.timeline.timeline(p.get(0), p.get(1))),
            new Route("GET", "/admin/shops/{shopId}/orders/{orderId}", (api, p, c) -> api.orders.order(p.get(0), p.get(1))),
            new Route("GET", "/admin/shops/{shopId}/settings", (api, p, c) -> api.settings.read(p.get(0))),
            new Route("PUT", "/admin/shops/{shopId}/settings", (api, p, c) -> api.settings.change(p.get(0), c.body())),
            new Route("GET", "/admin/shops/{shopId}/quarantine", (api, p, c) -> api.quarantine.list(p.get(0))),
            new Route("POST", "/admin/shops/{shopId}/quarantine/replay",
                    (api, p, c) -> api.quarantine.replay(p.get(0), c.body())),
            new Route("POST", "/admin/shops/{shopId}/connect",
                    (api, p, c) -> api.connect.connect(p.get(0), c.body(), c.webhookBase())),
            new Route("POST", "/admin/shops/{shopId}/disconnect",
                    (api, p, c) -> api.connect.disconnect(p.get(0), c.body(), c.webhookBase())),
            new Route("POST", "/admin/shops/{shopId}/orders/{orderId}/capture",
                    (api, p, c) -> api.actions.capture(p.get(0), p.get(1))),
            new Route("POST", "/admin/shops/{shopId}/bulk", (api, p, c) -> api.actions.start(p.get(0), c.body())),
            new Route("GET", "/admin/shops/{shopId}/bulk/{jobId}", (api, p, c) -> api.actions.progress(p.get(0), p.get(1))),
            new Route("POST", "/admin/shops/{shopId}/sweep", (api, p, c) -> api.sweep.sweep(p.get(0))),
            new Route("GET", "/admin/shops/{shopId}/status", (api, p, c) -> api.status.status(p.get(0))),
            new Route("GET", "/admin/shops/{shopId}/failed", (api, p, c) -> api.failed.list(p.get(0))),
            new Route("POST", "/admin/shops/{shopId}/failed/{orderId}/redrive",
                    (api, p, c) -> api.failed.redrive(p.get(0), p.get(1))),
            new Route("GET", "/admin/shops/{shopId}/expiring", (api, p, c) -> api.expiring.list(p.get(0))),
            new Route("GET", "/admin/shops/{shopId}/orders/{orderId}/fraud", (api, p, c) -> api.fraud.screening(p.get(0), p.get(1))),
            new Route("DELETE", "/admin/shops/{shopId}/orders/{orderId}", (api, p, c) -> api.erasure.delete(p.get(0), p.get(1))));

    private static final List<Pattern> PATTERNS = ROUTES.stream().map(Route::pattern).toList();

    private final OrderView orders;
    private final SettingsRoutes settings;
    private final QuarantineRoutes quarantine;
    private final ConnectRoutes connect;
    private final OrderActionRoutes actions;
    private final SweepRoutes sweep;
    private final StatusRoutes status;
    private final FailedRoutes failed;
    private final ExpiringRoutes expiring;
    private final ShopListRoutes shopList;
    private final OrderListRoutes orderList;
    private final OrderTimeline timeline;
    private final FraudRoutes fraud;
    private final ErasureRoutes erasure;

    /**
     * Over the wiring root. Settings and quarantine are read fresh here (no cache): an admin must
     * see what is stored, not a minute-old copy.
     */
    public AdminApi(Wiring wiring) {
        ShopConfigStore shops = wiring.freshShopConfigs();
        this.orders = new OrderView(shops, wiring.states(), wiring.notes(), wiring.logs(), wiring.ledger(),
                wiring.creditChecks());
        this.settings = new SettingsRoutes(shops, new RegisteredStatuses(wiring.connections()));
        this.quarantine = new QuarantineRoutes(shops, wiring.quarantine(), new WebhookIntake(shops, wiring.secrets(),
                wiring.inbox(), wiring.quarantine(), wiring.clock(), wiring.intakeLog()), wiring.secrets());
        this.connect = new ConnectRoutes(wiring.shopConnector());
        this.actions = new OrderActionRoutes(shops, wiring.orderActions(), wiring.bulkRunner(), wiring.bulkJobs());
        this.sweep = new SweepRoutes(shops, wiring.orderSweep(), wiring.sweeps(), wiring.clock());
        this.status = new StatusRoutes(shops, wiring.sweeps(), wiring.quarantine(), wiring.notes(), wiring.failedOrders(),
                wiring.clock(), wiring.creditChecks());
        this.failed = new FailedRoutes(shops, wiring.failedOrders(), wiring.redrive());
        this.expiring = new ExpiringRoutes(shops, wiring.lapsingOrders(), wiring.clock());
        this.shopList = new ShopListRoutes(shops, status);
        this.orderList = new OrderListRoutes(shops, new ShopOrderStates(wiring.dynamo(), wiring.table()));
        this.timeline = new OrderTimeline(orders, new OrderDeliveries(wiring.dynamo(), wiring.table()));
        this.fraud = new FraudRoutes(shops, wiring.fraud());
        this.erasure = new ErasureRoutes(shops, wiring.orderEraser());
    }

    /** The request body as text, Base64-decoded when API Gateway says it is. */
    public static String bodyText(String body, boolean base64) {
        if (body == null) {
            return "";
        }
        return base64 ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    public Answer handle(String requestMethod, String rawPath, String body) {
        return handle(requestMethod, rawPath, body, null);
    }

    /**
     * @param apiDomain the API's domain name as API Gateway reports it ({@code requestContext.domainName}),
     *                  from which {@code connect} derives the webhook URL when the request gives none; null locally
     */
    public Answer handle(String requestMethod, String rawPath, String body, String apiDomain) {
        return handle(requestMethod, rawPath, "", body, apiDomain);
    }

    /**
     * @param rawQuery the query string as sent ({@code orderId=12&paymentStatus=failed}), or empty
     */
    public Answer handle(String requestMethod, String rawPath, String rawQuery, String body, String apiDomain) {
        String method = requestMethod == null ? "" : requestMethod;
        String path = rawPath == null ? "" : rawPath;
        // A named API Gateway stage prefixes the path ("/prod/admin/..."), and the console's own
        // routes add "/console/api": route on what follows.
        int admin = path.indexOf("/admin/");
        String stagePrefix = admin <= 0 ? "" : path.substring(0, admin);
        if (stagePrefix.endsWith(ConsoleFiles.API_PREFIX)) {
            stagePrefix = stagePrefix.substring(0, stagePrefix.length() - ConsoleFiles.API_PREFIX.length());
        }
        path = admin < 0 ? path : path.substring(admin);
        Call call;
        try {
            call = new Call(body, webhookBase(apiDomain, stagePrefix), QueryParameters.parse(rawQuery));
        } catch (BadRequest e) {
            return Answers.error(400, "bad-request", e.getMessage());
        }
        try {
            List<String> allowed = new ArrayList<>();
            for (int i = 0; i < ROUTES.size(); i++) {
                Matcher m = PATTERNS.get(i).matcher(path);
                if (!m.matches()) {
                    continue;
                }
                Route route = ROUTES.get(i);
                if (route.method().equals(method)) {
                    return route.handler().answer(this, params(m), call);
                }
                allowed.add(route.method());
            }
            if (!allowed.isEmpty()) {
                return Answers.error(405, "method-not-allowed", "this route takes " + String.join(", ", allowed));
            }
            return Answers.error(404, "not-found", "no admin route " + method + " " + AdminInput.printable(path)
                    + "; the routes are " + ROUTES.stream().map(Route::key).collect(Collectors.joining(", ")));
        } catch (BadRequest e) {
            return Answers.error(400, "bad-request", e.getMessage());
        } catch (SdkException e) {
            // In AWS an uncaught error would be API Gateway's bare 500: say what failed instead.
            return Answers.error(503, "error", "DynamoDB or Secrets Manager could not be reached ("
                    + e.getClass().getSimpleName() + "); try again. A settings change may or may not have been saved: "
                    + "read the settings first");
        }
    }

    private static List<String> params(Matcher m) {
        List<String> params = new ArrayList<>(m.groupCount());
        for (int g = 1; g <= m.groupCount(); g++) {
            params.add(m.group(g));
        }
        return params;
    }

    /** In AWS: {@code https://{domain}{stage}/webhooks/woocommerce/}; locally the request names it. */
    private static String webhookBase(String apiDomain, String stagePrefix) {
        return apiDomain == null || apiDomain.isBlank() ? null : "https://" + apiDomain + stagePrefix + "/webhooks/woocommerce/";
    }
}
