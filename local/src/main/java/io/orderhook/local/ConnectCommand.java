package io.orderhook.local;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orderhook connect}: connects a WooCommerce shop through the running stack's admin connect route. */
@Command(name = "connect", description = {"Connects a WooCommerce shop to the running local stack.",
        "Checks that the REST key reads and writes, stores it and a "
                + "new webhook secret in the secrets file, creates or repairs the shop's order webhooks (created, updated, "
                + "deleted, restored) through the WooCommerce REST API, pings them, and says what is left to do by hand. "
                + "Running it again changes nothing. A shop orderhook does not know yet needs its Billmate account."})
final class ConnectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "<shop>", description = "The shop id orderhook gives the shop, e.g. myshop.")
    private String shop;
    @Option(names = "--url", required = true, paramLabel = "SHOP_URL", description = {"The shop's WordPress home URL,", "e.g. https://myshop.example"})
    private String url;
    @Option(names = "--key", required = true, paramLabel = "ck_...", description = "The REST consumer key (Read/Write).")
    private String key;
    @Option(names = "--secret", required = true, paramLabel = "cs_...", description = "The REST consumer secret.")
    private String secret;
    @Option(names = "--auth", paramLabel = "auto|basic|query|oauth1", defaultValue = "auto",
            description = "How to send the key (default: ${DEFAULT-VALUE}: Basic auth over https, OAuth 1.0a over plain http).")
    private String auth;
    @Option(names = "--billmate-id", paramLabel = "ID", description = "The shop's Billmate id (with --billmate-secret).")
    private String billmateId;
    @Option(names = "--billmate-secret", paramLabel = "S", description = "The shop's Billmate secret (with --billmate-id).")
    private String billmateSecret;
    @Option(names = "--billmate-endpoint", paramLabel = "URL", description = "Billmate's API (default: Billmate's own).")
    private String billmateEndpoint;
    @Option(names = "--billmate-test", arity = "1", paramLabel = "on|off", converter = OnOff.class,
            description = "Billmate's test mode (default: on).")
    private Boolean billmateTest;
    @Mixin
    private WebhookTarget target;

    private final Terminal terminal;

    ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("url", url);
        request.put("key", key);
        request.put("secret", secret);
        request.put("auth", auth);
        request.put("deliveryUrl", target.deliveryUrl(shop));
        if (billmateId != null || billmateSecret != null) {
            if (billmateId == null || billmateSecret == null) {
                throw new ParameterException(spec.commandLine(), "give both --billmate-id and --billmate-secret");
            }
            ObjectNode billmate = request.putObject("billmate").put("id", billmateId).put("secret", billmateSecret);
            if (billmateEndpoint != null) {
                billmate.put("endpoint", billmateEndpoint);
            }
            if (billmateTest != null) {
                billmate.put("testMode", billmateTest);
            }
        }
        terminal.out().println("orderhook connect " + shop + ": " + url + " (REST auth " + auth + "), webhooks to "
                + request.get("deliveryUrl").asText());
        return new ConnectReport(terminal, "connect").print(target.stack().post("/admin/shops/" + shop + "/connect", request));
    }
}
