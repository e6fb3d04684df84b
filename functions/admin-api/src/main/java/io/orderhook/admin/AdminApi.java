package io.orderhook.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.wiring.Wiring;
import io.orderhook.connect.ShopConnector;
import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.IntakeOutcome;
import io.orderhook.intake.WebhookDelivery;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.json.Json;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.secrets.SecretResolvers;
import io.orderhook.secrets.SecretStore;
import io.orderhook.shop.RestAuth;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WebhookSignature;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The admin routes, independent of how they are served (API Gateway in AWS, local mode's HTTP
 * server on a laptop):
 *
 * <ul>
 * <li>{@code GET /admin/shops/{shopId}/orders/{orderId}}: the recorded state, the notes with
 *     their delivery status, and the debug log;</li>
 * <li>{@code GET|PUT /admin/shops/{shopId}/settings}: the order-management settings; a PUT
 *     changes only the fields it names, with optimistic locking on the configuration version;</li>
 * <li>{@code GET /admin/shops/{shopId}/quarantine} and {@code POST .../quarantine/replay}:
 *     deliveries the receiver kept aside, and running one through the intake again once the
 *     cause is fixed;</li>
 * <li>{@code POST /admin/shops/{shopId}/connect} and {@code POST .../disconnect}: a WooCommerce
 *     shop's REST key checked and stored, its order webhooks created or repaired, or removed
 *     ({@link ShopConnector}).</li>
 * </ul>
 */
public final class AdminApi {
    /** The environment variables the wiring root reads (template.yaml must define them). */
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String AWS_REGION = "AWS_REGION";

    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern ORDER_ID = Pattern.compile("[1-9][0-9]{0,18}");
    /** WordPress post statuses are at most 20 characters and WooCommerce adds "wc-". */
    private static final Pattern STATUS = Pattern.compile("[a-z0-9_-]{1,17}");
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** WordPress meta keys as plugins name them (_billmate_transaction_id, billmate_invoice_id). */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern ORDER_ROUTE = Pattern.compile("/admin/shops/([^/]+)/orders/([^/]+)/?");
    private static final Pattern SETTINGS_ROUTE = Pattern.compile("/admin/shops/([^/]+)/settings/?");
    private static final Pattern QUARANTINE_ROUTE = Pattern.compile("/admin/shops/([^/]+)/quarantine/?");
    private static final Pattern REPLAY_ROUTE = Pattern.compile("/admin/shops/([^/]+)/quarantine/replay/?");
    private static final Pattern CONNECT_ROUTE = Pattern.compile("/admin/shops/([^/]+)/connect/?");
    private static final Pattern DISCONNECT_ROUTE = Pattern.compile("/admin/shops/([^/]+)/disconnect/?");
    private static final Set<String> CONNECT_FIELDS = Set.of("url", "key", "secret", "auth", "deliveryUrl", "billmate");
    private static final Set<String> BILLMATE_FIELDS = Set.of("id", "secret", "endpoint", "testMode");
    private static final Set<String> SETTINGS_FIELDS = Set.of("orderManagementEnabled", "debugLog", "debugLogTtlDays",
            "paymentMethods", "captureStatus", "failureStatus", "autoUpdate", "paymentNumberFields", "expectedVersion");
    /** Two admins saving at once: re-read and re-apply the named fields this many times. */
    private static final int SETTINGS_ATTEMPTS = 3;

    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, String body) {}

    private final ShopConfigStore shops;
    private final OrderStateStore states;
    private final NoteStore notes;
    private final DebugLogStore logs;
    private final QuarantineStore quarantine;
    private final WebhookIntake intake;
    private final SecretResolver secrets;
    private final ShopConnector connector;

    /** Without the connect routes (they answer 501). */
    public AdminApi(ShopConfigStore shops, OrderStateStore states, NoteStore notes, DebugLogStore logs,
            QuarantineStore quarantine, WebhookIntake intake, SecretResolver secrets) {
        this(shops, states, notes, logs, quarantine, intake, secrets, null);
    }

    public AdminApi(ShopConfigStore shops, OrderStateStore states, NoteStore notes, DebugLogStore logs,
            QuarantineStore quarantine, WebhookIntake intake, SecretResolver secrets, ShopConnector connector) {
        this.shops = shops;
        this.states = states;
        this.notes = notes;
        this.logs = logs;
        this.quarantine = quarantine;
        this.intake = intake;
        this.secrets = secrets;
        this.connector = connector;
    }

    /** The Lambda wiring: {@code TABLE_NAME}, {@code AWS_REGION}, {@code ORDERHOOK_SECRETS}. */
    /**
     * Over the wiring root. Settings and quarantine are read fresh here (no cache): an admin must
     * see what is stored, not a minute-old copy.
     */
    public AdminApi(Wiring wiring) {
        this(wiring.freshShopConfigs(), wiring.states(), wiring.notes(), wiring.logs(), wiring.quarantine(),
                new WebhookIntake(wiring.freshShopConfigs(), wiring.secrets(), wiring.inbox(), wiring.quarantine(),
                        wiring.clock(), wiring.intakeLog()), wiring.secrets(), wiring.shopConnector());
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
        String method = requestMethod == null ? "" : requestMethod;
        String path = rawPath == null ? "" : rawPath;
        // A named API Gateway stage prefixes the path ("/prod/admin/..."): route on what follows.
        int admin = path.indexOf("/admin/");
        String stagePrefix = admin <= 0 ? "" : path.substring(0, admin);
        path = admin < 0 ? path : path.substring(admin);
        try {
            Matcher m;
            if ((m = ORDER_ROUTE.matcher(path)).matches()) {
                return only("GET", method) ? order(m.group(1), m.group(2)) : notAllowed("GET");
            }
            if ((m = SETTINGS_ROUTE.matcher(path)).matches()) {
                return switch (method) {
                    case "GET" -> settings(m.group(1));
                    case "PUT" -> changeSettings(m.group(1), body);
                    default -> notAllowed("GET, PUT");
                };
            }
            if ((m = REPLAY_ROUTE.matcher(path)).matches()) {
                return only("POST", method) ? replay(m.group(1), body) : notAllowed("POST");
            }
            if ((m = QUARANTINE_ROUTE.matcher(path)).matches()) {
                return only("GET", method) ? quarantined(m.group(1)) : notAllowed("GET");
            }
            if ((m = CONNECT_ROUTE.matcher(path)).matches()) {
                return only("POST", method) ? connect(m.group(1), body, webhookBase(apiDomain, stagePrefix)) : notAllowed("POST");
            }
            if ((m = DISCONNECT_ROUTE.matcher(path)).matches()) {
                return only("POST", method) ? disconnect(m.group(1), body, webhookBase(apiDomain, stagePrefix)) : notAllowed("POST");
            }
            return error(404, "not-found", "no admin route " + method + " " + printable(path) + "; the routes are "
                    + "GET /admin/shops/{shopId}/orders/{orderId}, GET|PUT /admin/shops/{shopId}/settings, "
                    + "GET /admin/shops/{shopId}/quarantine, POST /admin/shops/{shopId}/quarantine/replay, "
                    + "POST /admin/shops/{shopId}/connect, POST /admin/shops/{shopId}/disconnect");
        } catch (BadRequest e) {
            return error(400, "bad-request", e.getMessage());
        } catch (SdkException e) {
            // In AWS an uncaught error would be API Gateway's bare 500: say what failed instead.
            return error(503, "error", "DynamoDB or Secrets Manager could not be reached (" + e.getClass().getSimpleName()
                    + "); try again. A settings change may or may not have been saved: read the settings first");
        }
    }

    // ---------------------------------------------------------------- orders

    private Answer order(String shopId, String orderId) {
        requireShopId(shopId);
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequest("order id '" + printable(orderId) + "' is not a WooCommerce order number");
        }
        if (shops.find(shopId).isEmpty()) {
            return unknownShop(shopId);
        }
        Optional<OrderState> state = states.load(shopId, orderId);
        List<NoteStore.Note> orderNotes = notes.forOrder(shopId, orderId);
        List<DebugLogStore.LogEntry> entries = logs.forOrder(shopId, orderId);
        if (state.isEmpty() && orderNotes.isEmpty() && entries.isEmpty()) {
            return error(404, "not-found", "orderhook has recorded nothing for order " + orderId + " of shop " + shopId
                    + " yet: no webhook for it was processed (check the shop's webhook deliveries and the quarantine)");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        out.put("orderId", orderId);
        out.set("state", state.map(AdminApi::stateJson).orElse(null));
        ArrayNode noteArray = out.putArray("notes");
        orderNotes.forEach(note -> noteArray.add(noteJson(note)));
        ArrayNode logArray = out.putArray("debugLog");
        entries.forEach(entry -> logArray.add(logJson(entry)));
        return ok(out);
    }

    static ObjectNode stateJson(OrderState s) {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.put("reservation", s.reservation().name().toLowerCase(java.util.Locale.ROOT));
        state.put("paymentNumber", s.paymentNumber());
        state.put("lastModifiedGmt", s.lastModifiedGmt() == null ? null : s.lastModifiedGmt().toString());
        // Money in minor units (öre, cents), as everywhere in orderhook.
        state.put("syncedTotal", s.syncedTotal());
        state.put("activatedTotal", s.activatedTotal());
        state.put("activationNumber", s.activationNumber());
        ArrayNode refunds = state.putArray("creditedRefundIds");
        s.creditedRefundIds().forEach(refunds::add);
        state.put("creditedAmount", s.creditedAmount());
        ArrayNode gateway = state.putArray("gatewayRefundIds");
        s.gatewayRefundIds().forEach(gateway::add);
        state.put("undecidedCredit", s.undecidedCredit());
        state.put("remainingToRefund", s.remainingCaptured());
        ObjectNode byRate = state.putObject("creditedByRate");
        s.creditedSplit().byRate().forEach((rate, part) -> byRate.putObject(rate.toPlainString())
                .put("net", part.net()).put("tax", part.tax()));
        if (s.pending() == null) {
            state.putNull("pending");
        } else {
            ObjectNode pending = state.putObject("pending");
            pending.put("step", s.pending().step().kind().wireName());
            pending.put("key", s.pending().step().key());
            pending.put("outcomeUnknown", s.pending().outcomeUnknown());
            pending.put("startedAt", s.pending().startedAt() == null ? null : s.pending().startedAt().toString());
        }
        state.put("writtenStatus", s.writtenStatus());
        state.put("version", s.version());
        return state;
    }

    static ObjectNode noteJson(NoteStore.Note note) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("at", note.createdAt().toString());
        n.put("text", note.text());
        n.put("level", note.level().name().toLowerCase(java.util.Locale.ROOT));
        n.put("customerNote", note.customerNote());
        n.put("setStatus", note.setStatus());
        n.put("delivery", note.delivered() ? "delivered" : note.rejected() ? "rejected" : "pending");
        n.put("attempts", note.attempts());
        n.put("nextAttemptAt", note.awaitingDelivery() && note.nextAttemptAt() != null ? note.nextAttemptAt().toString() : null);
        n.put("shopNoteId", note.shopNoteId());
        n.put("lastError", note.lastError());
        return n;
    }

    static ObjectNode logJson(DebugLogStore.LogEntry entry) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("at", entry.at().toString());
        e.put("step", entry.step());
        e.put("call", entry.call());
        e.put("outcome", entry.outcome());
        e.put("durationMs", entry.durationMs());
        e.put("request", entry.request());
        e.put("response", entry.response());
        return e;
    }

    // ---------------------------------------------------------------- settings

    private Answer settings(String shopId) {
        requireShopId(shopId);
        return shops.read(shopId).map(config -> ok(settingsJson(config))).orElseGet(() -> unknownShop(shopId));
    }

    private Answer changeSettings(String shopId, String body) {
        requireShopId(shopId);
        JsonNode change = parseObject(body);
        List<String> unknown = new ArrayList<>();
        change.fieldNames().forEachRemaining(name -> {
            if (!SETTINGS_FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown settings " + unknown + "; the settings are " + new java.util.TreeSet<>(SETTINGS_FIELDS));
        }
        if (!change.fieldNames().hasNext() || (change.size() == 1 && change.has("expectedVersion"))) {
            throw new BadRequest("the change names no setting; give the fields to change, e.g. {\"debugLog\": true} "
                    + "(GET /admin/shops/" + shopId + "/settings shows them)");
        }
        Long expected = change.has("expectedVersion") ? longField(change, "expectedVersion") : null;
        for (int attempt = 0; attempt < SETTINGS_ATTEMPTS; attempt++) {
            Optional<ShopConfig> current = shops.read(shopId);
            if (current.isEmpty()) {
                return unknownShop(shopId);
            }
            long version = expected != null ? expected : current.get().version();
            ShopSettings changed = apply(current.get().settings(), change);
            ShopConfigStore.SettingsUpdate result = shops.updateSettings(shopId, version, changed);
            if (result instanceof ShopConfigStore.SettingsUpdate.Updated updated) {
                return ok(settingsJson(updated.config()));
            }
            if (result instanceof ShopConfigStore.SettingsUpdate.UnknownShop) {
                return unknownShop(shopId);
            }
            if (expected != null) {
                long now = ((ShopConfigStore.SettingsUpdate.Conflict) result).currentVersion();
                return error(409, "conflict", "the settings of shop " + shopId + " are at version " + now + ", not "
                        + expected + ": someone saved them meanwhile; read them again and re-apply your change");
            }
        }
        return error(409, "conflict", "the settings of shop " + shopId + " kept changing while saving; try again");
    }

    /**
     * The current settings with the fields the change names replaced; each one checked.
     *
     * @throws IllegalArgumentException naming the field that is wrong and why
     */
    public static ShopSettings apply(ShopSettings s, JsonNode change) {
        boolean enabled = change.has("orderManagementEnabled") ? boolField(change, "orderManagementEnabled") : s.orderManagementEnabled();
        boolean debugLog = change.has("debugLog") ? boolField(change, "debugLog") : s.debugLog();
        int ttlDays = s.debugLogTtlDays();
        if (change.has("debugLogTtlDays")) {
            long days = longField(change, "debugLogTtlDays");
            if (days < 1 || days > 365) {
                throw new BadRequest("debugLogTtlDays must be 1 to 365, not " + days);
            }
            ttlDays = (int) days;
        }
        Set<String> methods = s.paymentMethods();
        if (change.has("paymentMethods")) {
            JsonNode list = change.get("paymentMethods");
            if (!list.isArray()) {
                throw new BadRequest("paymentMethods must be a list of WooCommerce payment method ids, e.g. [\"bco\"]");
            }
            Set<String> named = new LinkedHashSet<>();
            for (JsonNode method : list) {
                if (!method.isTextual() || !PAYMENT_METHOD.matcher(method.asText()).matches()) {
                    throw new BadRequest("payment method " + method + " is not a WooCommerce gateway id (letters, digits, - and _)");
                }
                named.add(method.asText());
            }
            if (named.isEmpty()) {
                // The reconciler ignores orders of other payment methods: an empty list silently stops everything.
                throw new BadRequest("paymentMethods must name at least one WooCommerce payment method id (e.g. [\"bco\"]); "
                        + "to stop order management, set orderManagementEnabled to false instead");
            }
            methods = named;
        }
        String capture = change.has("captureStatus") ? status(change, "captureStatus") : s.captureStatus();
        String failure = change.has("failureStatus") ? status(change, "failureStatus") : s.failureStatus();
        boolean autoUpdate = change.has("autoUpdate") ? boolField(change, "autoUpdate") : s.autoUpdate();
        Optional<String> problem = OrderStatuses.captureStatusProblem(capture)
                .or(() -> OrderStatuses.failureStatusProblem(failure, capture));
        if (problem.isPresent()) {
            throw new BadRequest(problem.get());
        }
        List<String> numberFields = s.paymentNumberFields();
        if (change.has("paymentNumberFields")) {
            JsonNode list = change.get("paymentNumberFields");
            if (!list.isArray() || list.isEmpty()) {
                throw new BadRequest("paymentNumberFields must list where orders keep the payment number, first found wins, "
                        + "e.g. [\"transaction_id\", \"_billmate_transaction_id\"]");
            }
            List<String> named = new ArrayList<>();
            for (JsonNode field : list) {
                if (!field.isTextual() || !META_KEY.matcher(field.asText()).matches()) {
                    throw new BadRequest("payment number field " + field + " is not transaction_id or an order meta key "
                            + "(letters, digits, _ and -)");
                }
                named.add(field.asText());
            }
            numberFields = named;
        }
        return new ShopSettings(enabled, debugLog, ttlDays, methods, capture, failure, autoUpdate, numberFields);
    }

    private static String status(JsonNode change, String field) {
        JsonNode value = change.get(field);
        String text = value.isTextual() ? value.asText() : "";
        if (text.startsWith("wc-")) {
            // The REST API takes statuses without the prefix the database stores them with.
            String bare = text.substring(3);
            throw new BadRequest(field + " is given without WooCommerce's wc- prefix"
                    + (STATUS.matcher(bare).matches() ? ": use '" + bare + "'" : ", as 1 to 17 lower-case letters, digits, - or _"));
        }
        if (!STATUS.matcher(text).matches()) {
            throw new BadRequest(field + " must be an order status slug of 1 to 17 lower-case letters, digits, - or _ "
                    + "(e.g. completed, shipped), not " + value);
        }
        return text;
    }

    static ObjectNode settingsJson(ShopConfig config) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", config.shopId());
        out.put("version", config.version());
        ShopSettings s = config.settings();
        ObjectNode settings = out.putObject("settings");
        settings.put("orderManagementEnabled", s.orderManagementEnabled());
        settings.put("debugLog", s.debugLog());
        settings.put("debugLogTtlDays", s.debugLogTtlDays());
        ArrayNode methods = settings.putArray("paymentMethods");
        s.paymentMethods().stream().sorted().forEach(methods::add);
        settings.put("captureStatus", s.captureStatus());
        settings.put("failureStatus", s.failureStatus());
        settings.put("autoUpdate", s.autoUpdate());
        ArrayNode numberFields = settings.putArray("paymentNumberFields");
        s.paymentNumberFields().forEach(numberFields::add);
        return out;
    }

    // ---------------------------------------------------------------- quarantine

    private Answer quarantined(String shopId) {
        requireShopId(shopId);
        if (shops.read(shopId).isEmpty()) {
            // A mistyped shop id would otherwise look like a shop with nothing quarantined.
            return unknownShop(shopId);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", shopId);
        ArrayNode list = out.putArray("deliveries");
        for (QuarantineStore.Entry entry : quarantine.entries(shopId)) {
            ObjectNode d = list.addObject();
            d.put("key", entry.sortKey());
            d.put("receivedAt", entry.delivery().receivedAt().toString());
            d.put("deliveryId", entry.delivery().deliveryId());
            d.put("topic", entry.delivery().topic());
            d.put("reason", entry.delivery().reason());
            d.put("signatureVerified", entry.delivery().signatureVerified());
            d.put("bodyBytes", entry.delivery().body().length);
            d.put("bodyTruncated", entry.bodyTruncated());
        }
        return ok(out);
    }

    /**
     * Runs a quarantined delivery through the intake again, as if the shop had sent it now. The
     * receiver never stores signatures, so the body is signed again with the shop's current
     * webhook secret; that is only honest for a delivery whose signature was verified when it
     * arrived, so an unverified one needs {@code "trustUnverified": true} (someone checked the
     * body against the shop). Taken in, ignored or a duplicate: the quarantine item is removed.
     * Quarantined again: the original stays and the new copy is removed.
     */
    private Answer replay(String shopId, String body) {
        requireShopId(shopId);
        JsonNode request = parseObject(body);
        JsonNode keyNode = request.get("key");
        if (keyNode == null || !keyNode.isTextual() || keyNode.asText().isBlank()) {
            throw new BadRequest("give the delivery's key as {\"key\": \"...\"} (GET /admin/shops/" + shopId
                    + "/quarantine lists them)");
        }
        String key = keyNode.asText();
        boolean trustUnverified = request.has("trustUnverified") && boolField(request, "trustUnverified");
        Optional<ShopConfig> shop = shops.read(shopId);
        if (shop.isEmpty()) {
            return unknownShop(shopId);
        }
        Optional<QuarantineStore.Entry> found = quarantine.find(shopId, key);
        if (found.isEmpty()) {
            return error(404, "not-found", "no quarantined delivery " + printable(key) + " for shop " + shopId);
        }
        QuarantineStore.Entry entry = found.get();
        if (entry.bodyTruncated()) {
            return error(409, "not-replayable", "only the first part of this delivery's body was kept; it cannot be "
                    + "replayed. Save the order in WooCommerce again to make the shop send it anew");
        }
        if (!entry.delivery().signatureVerified() && !trustUnverified) {
            return error(409, "not-replayable", "this delivery's signature was never verified (" + entry.delivery().reason()
                    + "). Check its body against the order in the shop, then replay with \"trustUnverified\": true");
        }
        String secret;
        try {
            secret = secrets.resolve(shop.get().webhookSecretRef());
        } catch (SecretResolver.MissingSecretException e) {
            return error(409, "not-replayable", "the shop's webhook secret still cannot be read (" + e.getMessage()
                    + "); store it first, then replay");
        }
        byte[] raw = entry.delivery().body();
        Map<String, String> headers = new LinkedHashMap<>(entry.delivery().headers());
        headers.put(WebhookDelivery.SIGNATURE, WebhookSignature.sign(raw, secret));
        IntakeOutcome outcome = intake.receive(new WebhookDelivery(shopId, headers, raw));
        boolean removed = false;
        if (outcome instanceof IntakeOutcome.Accepted || outcome instanceof IntakeOutcome.Duplicate
                || outcome instanceof IntakeOutcome.Ignored) {
            quarantine.delete(shopId, key);
            removed = true;
        } else if (outcome instanceof IntakeOutcome.Quarantined again) {
            quarantine.delete(shopId, again.sortKey());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("key", key);
        out.put("outcome", outcome.status());
        out.put("reason", outcome.reason());
        out.put("removedFromQuarantine", removed);
        // Not stored at all (DynamoDB failed): a retry may succeed; anything else needs a fix first.
        int status = removed ? 200 : outcome instanceof IntakeOutcome.Failed ? 503 : 409;
        return new Answer(status, Json.write(out));
    }

    // ---------------------------------------------------------------- connect

    /**
     * {@code {"url", "key", "secret", "auth"?, "deliveryUrl"?, "billmate"?: {"id", "secret", "endpoint"?, "testMode"?}}}:
     * 200 with the report when the shop is connected; 409 {@code not-connected} with the report and
     * its reason when the shop refused or could not be reached (nothing about the webhooks changed then).
     */
    private Answer connect(String shopId, String body, String webhookBase) {
        requireShopId(shopId);
        if (connector == null) {
            return error(501, "not-implemented", "this admin API was built without the connect routes");
        }
        JsonNode request = parseObject(body);
        requireOnly(request, CONNECT_FIELDS, "connect");
        ShopConnector.NewProvider provider = null;
        if (request.has("billmate")) {
            JsonNode billmate = request.get("billmate");
            if (!billmate.isObject()) {
                throw new BadRequest("billmate must be an object {\"id\", \"secret\", \"endpoint\", \"testMode\"}");
            }
            requireOnly(billmate, BILLMATE_FIELDS, "billmate");
            provider = new ShopConnector.NewProvider(text(billmate, "id"), text(billmate, "secret"),
                    billmate.has("endpoint") ? text(billmate, "endpoint") : "https://api.billmate.se/",
                    !billmate.has("testMode") || boolField(billmate, "testMode"));
        }
        RestAuth auth;
        try {
            auth = RestAuth.parse(request.has("auth") ? text(request, "auth") : null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        URI deliveryUrl = deliveryUrl(request, shopId, webhookBase);
        ShopConnector.Report report;
        try {
            report = connector.connect(new ShopConnector.ConnectRequest(shopId, url(text(request, "url"), "url"),
                    text(request, "key"), text(request, "secret"), auth, deliveryUrl, provider));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return reportAnswer(report);
    }

    /** {@code {"deliveryUrl"?}}: removes the shop's webhooks to orderhook. */
    private Answer disconnect(String shopId, String body, String webhookBase) {
        requireShopId(shopId);
        if (connector == null) {
            return error(501, "not-implemented", "this admin API was built without the connect routes");
        }
        JsonNode request = parseObject(body);
        requireOnly(request, Set.of("deliveryUrl"), "disconnect");
        try {
            return reportAnswer(connector.disconnect(shopId, deliveryUrl(request, shopId, webhookBase)));
        } catch (ShopConnector.UnknownShop e) {
            return unknownShop(shopId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static Answer reportAnswer(ShopConnector.Report report) {
        ObjectNode out = Json.MAPPER.valueToTree(report);
        out.put("status", report.ok() ? "connected" : "not-connected");
        if (!report.ok()) {
            out.put("reason", report.problem());
        }
        return new Answer(report.ok() ? 200 : 409, Json.write(out));
    }

    /** In AWS: {@code https://{domain}{stage}/webhooks/woocommerce/}; locally the request names it. */
    private static String webhookBase(String apiDomain, String stagePrefix) {
        return apiDomain == null || apiDomain.isBlank() ? null : "https://" + apiDomain + stagePrefix + "/webhooks/woocommerce/";
    }

    private static URI deliveryUrl(JsonNode request, String shopId, String webhookBase) {
        if (request.has("deliveryUrl")) {
            return url(text(request, "deliveryUrl"), "deliveryUrl");
        }
        if (webhookBase == null) {
            throw new BadRequest("give deliveryUrl: where the shop sends its webhooks (orderhook's /webhooks/woocommerce/" + shopId + ")");
        }
        return URI.create(webhookBase + shopId);
    }

    private static URI url(String text, String field) {
        try {
            URI url = new URI(text);
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new BadRequest(field + " must be an http:// or https:// URL with a host, not " + printable(text));
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            throw new BadRequest(field + " is not a URL: " + printable(text));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadRequest(field + " must be given as text");
        }
        return value.asText();
    }

    private static void requireOnly(JsonNode node, Set<String> fields, String what) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown fields " + unknown + " for " + what + "; it takes " + new java.util.TreeSet<>(fields));
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static final class BadRequest extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static JsonNode parseObject(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean boolField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw new BadRequest(field + " must be true or false, not " + value);
        }
        return value.booleanValue();
    }

    private static long longField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new BadRequest(field + " must be a whole number, not " + value);
        }
        return value.longValue();
    }

    private static void requireShopId(String shopId) {
        if (!SHOP_ID.matcher(shopId).matches()) {
            throw new BadRequest("shop id '" + printable(shopId) + "' is not a shop id (letters, digits, - and _)");
        }
    }

    private static boolean only(String expected, String method) {
        return expected.equals(method);
    }

    private static Answer notAllowed(String allowed) {
        return error(405, "method-not-allowed", "this route takes " + allowed);
    }

    private static Answer unknownShop(String shopId) {
        return error(404, "unknown-shop", "no shop '" + shopId + "' is configured in orderhook");
    }

    private static Answer ok(ObjectNode body) {
        return new Answer(200, Json.write(body));
    }

    private static Answer error(int status, String kind, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", kind);
        body.put("reason", reason);
        return new Answer(status, Json.write(body));
    }

    private static String printable(String value) {
        String cleaned = value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
