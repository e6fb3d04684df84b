package io.orderhook.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The {@code orderhook} command. */
public final class OrderhookCli {
    static final String USAGE = """
            usage: orderhook <command> [options]

              local [--port N] [--host H] [--data DIR] [--shop-config FILE]... [--outbox-seconds N]
                  The whole backend on http://127.0.0.1:3000: webhook route, admin routes, Billmate
                  sandbox, shop simulator, stream processor and outbox; DynamoDB Local in memory
                  unless --data DIR keeps it. The shop 'demo' is ready; --shop-config adds real shops.

              invoke <LogicalId> --event FILE [--event FILE]... [--url URL | --data DIR] [--template FILE]
                  Runs one function of template.yaml on an event file, like sam local invoke: its
                  handler in a JVM of its own with the template's environment. Against the running
                  local stack when one answers at --url (default http://127.0.0.1:3000), otherwise on
                  a DynamoDB Local of its own (in memory, or kept in --data DIR).

              settings <shop> [--enabled on|off] [--debug-log on|off] [--capture-status S]
                       [--failure-status S] [--payment-methods a,b] [--url URL]
                  Shows or changes a shop's order-management settings (takes effect for the next webhook).

              orders <shop> <orderId> [--json] [--url URL]
                  What orderhook recorded for an order: state, notes with delivery status, debug log.

              quarantine list [<shop>] [--url URL]
              quarantine replay <shop> <key> [--trust-unverified] [--url URL]
                  Deliveries the receiver kept aside, and running one through the intake again.

              connect <shop> --url SHOP_URL --key ck_... --secret cs_... [--auth auto|basic|query|oauth1]
                      [--delivery-url URL] [--billmate-id ID --billmate-secret S [--billmate-endpoint URL]
                      [--billmate-test on|off]] [--stack URL]
                  Connects a WooCommerce shop to the running local stack (at --stack, default
                  http://127.0.0.1:3000): checks that the REST key reads and writes, stores it and a new
                  webhook secret in the secrets file, creates or repairs the shop's order webhooks
                  (created, updated, deleted, restored) through the WooCommerce REST API, pings them, and
                  says what is left to do by hand. Running it again changes nothing. A shop orderhook does
                  not know yet needs its Billmate account. --delivery-url is where the shop reaches
                  orderhook (default: the stack's /webhooks/woocommerce/<shop>).

              disconnect <shop> [--delivery-url URL] [--stack URL]
                  Removes the shop's webhooks to orderhook; its configuration and recorded orders stay.

              demo [--url URL]
                  The four order-management procedures (cancel, update, activate, refund) against the
                  running local stack, as a merchant does them in the shop; prints the notes as a timeline.
            """;
    static final String DEFAULT_URL = "http://127.0.0.1:3000";

    private final PrintStream out;
    private final PrintStream err;

    OrderhookCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws InterruptedException {
        int status = new OrderhookCli(System.out, System.err).run(args);
        if (status == 0 && args.length > 0 && args[0].equals("local")) {
            // Serve until Ctrl-C; the shutdown hook stops the stack.
            Thread.currentThread().join();
        }
        System.exit(status);
    }

    /** Runs a command; answers the exit status. {@code local} returns once the stack is up. */
    int run(String... args) {
        if (args.length == 0) {
            out.print(USAGE);
            return 0;
        }
        Options options = new Options(Arrays.asList(args).subList(1, args.length));
        try {
            return switch (args[0]) {
                case "local" -> local(options);
                case "invoke" -> invoke(options);
                case "settings" -> settings(options);
                case "orders" -> orders(options);
                case "quarantine" -> quarantine(options);
                case "demo" -> demo(options);
                case "connect" -> connect(options);
                case "disconnect" -> disconnect(options);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("orderhook " + args[0] + ": " + e.getMessage());
            err.println("(orderhook help lists the commands and options)");
            return 2;
        } catch (LocalHttp.NotRunning | IllegalStateException e) {
            err.println("orderhook " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    // ---------------------------------------------------------------- local

    private LocalBackend started;

    private int local(Options o) {
        LocalBackend.Options defaults = LocalBackend.Options.defaults();
        LocalBackend.Options options = new LocalBackend.Options(o.value("--host", defaults.host()),
                o.intValue("--port", defaults.port()), o.path("--data"), o.paths("--shop-config"),
                Duration.ofSeconds(o.intValue("--outbox-seconds", (int) defaults.outboxInterval().toSeconds())));
        o.requireNoOthers(0);
        if (!options.host().equals("127.0.0.1") && !options.host().equals("localhost") && !options.host().equals("::1")) {
            err.println("orderhook local: listening on " + options.host() + ": the webhook route is reachable from other "
                    + "machines; the admin routes still answer only this machine.");
        }
        out.println("orderhook local: starting DynamoDB Local, the sandboxes and the handlers...");
        LocalBackend backend = LocalBackend.start(options);
        started = backend;
        Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "orderhook-local-stop"));
        backend.printBanner(out);
        return 0;
    }

    /** The stack {@code local} started (for tests that run the command in-process). */
    LocalBackend started() {
        return started;
    }

    // ---------------------------------------------------------------- invoke

    private int invoke(Options o) {
        String logicalId = o.positional(0, "the function's logical id, e.g. OrderProcessorFunction");
        List<Path> events = o.paths("--event");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("give the event file: --event events/FILE.json (several: one warm container)");
        }
        Path template = o.path("--template") != null ? o.path("--template") : SamTemplate.find();
        URI url = URI.create(o.value("--url", DEFAULT_URL));
        Path data = o.path("--data");
        o.requireNoOthers(1);
        FunctionInvoker invoker = new FunctionInvoker(SamTemplate.read(template), FunctionInvoker.ownClasspath());
        FunctionInvoker.Result result;
        FunctionInvoker.Target running = data == null ? runningStack(url) : null;
        if (running != null) {
            err.println("orderhook invoke: " + logicalId + " against the local stack at " + url);
            result = invoker.invoke(logicalId, events, running);
        } else {
            err.println("orderhook invoke: no local stack at " + url + "; " + logicalId + " runs on a DynamoDB Local of its own"
                    + (data == null ? " (in memory)" : " in " + data));
            result = invokeStandalone(invoker, logicalId, events, data, url);
        }
        err.print(result.log());
        out.println(result.output());
        return result.succeeded() ? 0 : 1;
    }

    private static FunctionInvoker.Target runningStack(URI url) {
        try {
            LocalHttp.Answer info = new LocalHttp(url).get(LocalBackend.INFO_PATH);
            if (!info.ok()) {
                return null;
            }
            return new FunctionInvoker.Target(URI.create(info.body().get("dynamodbEndpoint").asText()),
                    info.body().get("table").asText(), Path.of(info.body().get("secretsFile").asText()));
        } catch (LocalHttp.NotRunning e) {
            return null;
        }
    }

    private static FunctionInvoker.Result invokeStandalone(FunctionInvoker invoker, String logicalId, List<Path> events, Path data,
            URI url) {
        try (DynamoDbLocal dynamoLocal = DynamoDbLocal.start(data == null ? null : data.resolve("dynamodb"));
             DynamoDbClient dynamo = dynamoLocal.client()) {
            Path secrets = data != null ? data.resolve("secrets.properties")
                    : Files.createTempDirectory("orderhook-invoke").resolve("secrets.properties");
            LocalShops.prepareForInvoke(dynamo, url, secrets);
            return invoker.invoke(logicalId, events,
                    new FunctionInvoker.Target(dynamoLocal.endpoint(), LocalBackend.TABLE, secrets));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot prepare a DynamoDB Local for the invocation: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- settings, orders, quarantine

    private int settings(Options o) {
        String shop = o.positional(0, "the shop id, e.g. demo");
        LocalHttp http = new LocalHttp(URI.create(o.value("--url", DEFAULT_URL)));
        Map<String, Object> change = new LinkedHashMap<>();
        String enabled = o.value("--enabled", null);
        if (enabled != null) {
            change.put("orderManagementEnabled", onOff("--enabled", enabled));
        }
        String debugLog = o.value("--debug-log", null);
        if (debugLog != null) {
            change.put("debugLog", onOff("--debug-log", debugLog));
        }
        putIfGiven(change, "captureStatus", o.value("--capture-status", null));
        putIfGiven(change, "failureStatus", o.value("--failure-status", null));
        String methods = o.value("--payment-methods", null);
        if (methods != null) {
            change.put("paymentMethods", Arrays.stream(methods.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
        }
        o.requireNoOthers(1);
        LocalHttp.Answer answer = change.isEmpty() ? http.get("/admin/shops/" + shop + "/settings")
                : http.put("/admin/shops/" + shop + "/settings", change);
        if (!answer.ok()) {
            err.println("orderhook settings: " + answer.reason());
            return 1;
        }
        JsonNode s = answer.body().get("settings");
        out.println((change.isEmpty() ? "settings of " : "saved; settings of ") + shop + " (version "
                + answer.body().get("version").asLong() + ", used from the next webhook on):");
        s.fields().forEachRemaining(f -> out.printf("  %-24s %s%n", f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue()));
        return 0;
    }

    private int orders(Options o) {
        String shop = o.positional(0, "the shop id, e.g. demo");
        String orderId = o.positional(1, "the order id");
        boolean json = o.flag("--json");
        LocalHttp http = new LocalHttp(URI.create(o.value("--url", DEFAULT_URL)));
        o.requireNoOthers(2);
        LocalHttp.Answer answer = http.get("/admin/shops/" + shop + "/orders/" + orderId);
        if (!answer.ok()) {
            err.println("orderhook orders: " + answer.reason());
            return 1;
        }
        if (json) {
            out.println(answer.body().toPrettyString());
            return 0;
        }
        JsonNode state = answer.body().get("state");
        out.println("order " + orderId + " of shop " + shop);
        if (state != null && !state.isNull()) {
            out.println("  reservation " + state.get("reservation").asText() + ", payment " + state.path("paymentNumber").asText("-")
                    + (state.path("activationNumber").isNull() ? "" : ", activation " + state.get("activationNumber").asText())
                    + ", credited " + state.get("creditedAmount").asLong() + " (minor units)"
                    + (state.path("pending").isNull() ? "" : ", PENDING " + state.get("pending")));
        }
        out.println("  notes:");
        for (JsonNode note : answer.body().get("notes")) {
            out.println("    " + note.get("at").asText() + "  [" + note.get("delivery").asText() + "] " + note.get("text").asText()
                    + (note.path("lastError").isNull() ? "" : "  (last error: " + note.get("lastError").asText() + ")"));
        }
        JsonNode log = answer.body().get("debugLog");
        out.println("  debug log: " + (log.isEmpty() ? "none (turn it on with orderhook settings " + shop + " --debug-log on)" : ""));
        for (JsonNode entry : log) {
            out.println("    " + entry.get("at").asText() + "  " + entry.get("step").asText() + " " + entry.get("call").asText()
                    + " -> " + entry.get("outcome").asText() + " (" + entry.get("durationMs").asLong() + " ms)");
        }
        return 0;
    }

    private int quarantine(Options o) {
        String action = o.positional(0, "list or replay");
        LocalHttp http = new LocalHttp(URI.create(o.value("--url", DEFAULT_URL)));
        switch (action) {
            case "list" -> {
                String shop = o.optionalPositional(1, LocalShops.DEMO);
                o.requireNoOthers(2);
                LocalHttp.Answer answer = http.get("/admin/shops/" + shop + "/quarantine");
                if (!answer.ok()) {
                    err.println("orderhook quarantine: " + answer.reason());
                    return 1;
                }
                JsonNode deliveries = answer.body().get("deliveries");
                out.println(deliveries.size() + " quarantined deliveries for shop " + shop);
                for (JsonNode d : deliveries) {
                    out.println("  " + d.get("key").asText() + "  topic " + d.path("topic").asText("-") + ", "
                            + d.get("bodyBytes").asInt() + " bytes" + (d.get("signatureVerified").asBoolean() ? "" : ", signature NOT verified")
                            + "\n      " + d.get("reason").asText());
                }
                return 0;
            }
            case "replay" -> {
                String shop = o.positional(1, "the shop id");
                String key = o.positional(2, "the delivery's key (orderhook quarantine list shows it)");
                boolean trust = o.flag("--trust-unverified");
                o.requireNoOthers(3);
                ObjectNode request = Json.MAPPER.createObjectNode().put("key", key).put("trustUnverified", trust);
                LocalHttp.Answer answer = http.post("/admin/shops/" + shop + "/quarantine/replay", request);
                if (answer.body().has("outcome")) {
                    out.println("replayed " + key + ": " + answer.body().get("outcome").asText()
                            + (answer.body().path("reason").isNull() ? "" : " (" + answer.body().get("reason").asText() + ")")
                            + (answer.body().get("removedFromQuarantine").asBoolean() ? "; removed from the quarantine"
                                    : "; it stays in the quarantine"));
                } else {
                    err.println("orderhook quarantine replay: " + answer.reason());
                }
                return answer.ok() ? 0 : 1;
            }
            default -> throw new IllegalArgumentException("quarantine takes list or replay, not '" + action + "'");
        }
    }

    // ---------------------------------------------------------------- connect, disconnect

    private int connect(Options o) {
        String shop = o.positional(0, "the shop id, e.g. myshop");
        URI stack = URI.create(o.value("--stack", DEFAULT_URL));
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("url", required(o, "--url", "the shop's URL, e.g. --url https://myshop.example"));
        request.put("key", required(o, "--key", "the REST consumer key, --key ck_..."));
        request.put("secret", required(o, "--secret", "the REST consumer secret, --secret cs_..."));
        request.put("auth", o.value("--auth", "auto"));
        request.put("deliveryUrl", o.value("--delivery-url", stack + LocalBackend.WEBHOOK_PATH + shop));
        String billmateId = o.value("--billmate-id", null);
        String billmateSecret = o.value("--billmate-secret", null);
        String billmateEndpoint = o.value("--billmate-endpoint", null);
        String billmateTest = o.value("--billmate-test", null);
        if (billmateId != null || billmateSecret != null) {
            if (billmateId == null || billmateSecret == null) {
                throw new IllegalArgumentException("give both --billmate-id and --billmate-secret");
            }
            ObjectNode billmate = request.putObject("billmate").put("id", billmateId).put("secret", billmateSecret);
            if (billmateEndpoint != null) {
                billmate.put("endpoint", billmateEndpoint);
            }
            if (billmateTest != null) {
                billmate.put("testMode", onOff("--billmate-test", billmateTest));
            }
        }
        o.requireNoOthers(1);
        out.println("orderhook connect " + shop + ": " + request.get("url").asText() + " (REST auth "
                + request.get("auth").asText() + "), webhooks to " + request.get("deliveryUrl").asText());
        return printReport("connect", new LocalHttp(stack).post("/admin/shops/" + shop + "/connect", request));
    }

    private int disconnect(Options o) {
        String shop = o.positional(0, "the shop id");
        URI stack = URI.create(o.value("--stack", DEFAULT_URL));
        ObjectNode request = Json.MAPPER.createObjectNode()
                .put("deliveryUrl", o.value("--delivery-url", stack + LocalBackend.WEBHOOK_PATH + shop));
        o.requireNoOthers(1);
        out.println("orderhook disconnect " + shop);
        return printReport("disconnect", new LocalHttp(stack).post("/admin/shops/" + shop + "/disconnect", request));
    }

    private int printReport(String command, LocalHttp.Answer answer) {
        JsonNode report = answer.body();
        if (!report.has("done")) {
            err.println("orderhook " + command + ": " + answer.reason());
            return 1;
        }
        printList("checked", report.get("checks"));
        printList("done", report.get("done"));
        printList("already as it should be", report.get("unchanged"));
        if (report.has("webhooks") && !report.get("webhooks").isEmpty()) {
            out.println("  webhooks:");
            for (JsonNode w : report.get("webhooks")) {
                out.printf("    #%-5d %-15s %-9s -> %s%n", w.get("id").asLong(), w.get("topic").asText(), w.get("status").asText(),
                        w.get("deliveryUrl").asText());
            }
        }
        printList("left to do by hand", report.get("toDo"));
        if (!answer.ok()) {
            err.println("orderhook " + command + ": NOT connected: " + answer.reason());
            return 1;
        }
        if (report.get("done").isEmpty()) {
            out.println("  nothing changed: the shop was connected already.");
        }
        return 0;
    }

    private void printList(String title, JsonNode items) {
        if (items == null || items.isEmpty()) {
            return;
        }
        out.println("  " + title + ":");
        items.forEach(item -> out.println("    - " + item.asText()));
    }

    private static String required(Options o, String option, String what) {
        String value = o.value(option, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
        return value;
    }

    private int demo(Options o) {
        URI url = URI.create(o.value("--url", DEFAULT_URL));
        o.requireNoOthers(0);
        out.println("orderhook demo against " + url + ": each procedure places an order as a customer, then changes it "
                + "as a merchant in the shop (simulator REST API); the shop sends the webhooks.");
        out.println();
        return new DemoRun(url, out, Duration.ofSeconds(30)).run() ? 0 : 1;
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(option + " takes on or off, not '" + value + "'");
        };
    }

    private static void putIfGiven(Map<String, Object> change, String field, String value) {
        if (value != null) {
            change.put(field, value);
        }
    }

    /** Command-line options: "--name value" pairs, flags and positional arguments, each used once. */
    static final class Options {
        /** The options that take no value. */
        private static final java.util.Set<String> FLAGS = java.util.Set.of("--json", "--trust-unverified");
        private final List<String> args;
        private final boolean[] used;

        Options(List<String> args) {
            this.args = args;
            this.used = new boolean[args.size()];
        }

        String value(String name, String fallback) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals(name)) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    used[i] = true;
                    used[i + 1] = true;
                    return args.get(i + 1);
                }
            }
            return fallback;
        }

        List<Path> paths(String name) {
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals(name) && i + 1 < args.size()) {
                    used[i] = true;
                    used[i + 1] = true;
                    out.add(Path.of(args.get(i + 1)));
                }
            }
            return out;
        }

        Path path(String name) {
            String value = value(name, null);
            return value == null ? null : Path.of(value);
        }

        int intValue(String name, int fallback) {
            String value = value(name, null);
            try {
                return value == null ? fallback : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a number, not '" + value + "'");
            }
        }

        boolean flag(String name) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals(name)) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }

        /** The n-th argument that is not an option. */
        String positional(int n, String what) {
            String value = optionalPositional(n, null);
            if (value == null) {
                throw new IllegalArgumentException("missing " + what);
            }
            return value;
        }

        String optionalPositional(int n, String fallback) {
            int seen = 0;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("--")) {
                    if (!FLAGS.contains(arg)) {
                        i++;
                    }
                    continue;
                }
                if (seen++ == n) {
                    used[i] = true;
                    return arg;
                }
            }
            return fallback;
        }

        /** Fails on anything not used, so a typo is never silently ignored. */
        void requireNoOthers(int positionals) {
            for (int i = 0; i < args.size(); i++) {
                if (!used[i]) {
                    throw new IllegalArgumentException("unexpected argument '" + args.get(i) + "'");
                }
            }
        }
    }
}
