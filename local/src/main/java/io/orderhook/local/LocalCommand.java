package io.orderhook.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orderhook local}: starts the whole backend in this JVM and returns once it is up. */
@Command(name = "local", description = {"The whole backend in this JVM, on http://127.0.0.1:3000 unless told otherwise.",
        "Webhook route, admin routes, Billmate sandbox, shop simulator, stream processor and outbox; DynamoDB Local in "
                + "memory unless --data DIR keeps it. The shop 'demo' is ready; --shop-config adds real shops."})
final class LocalCommand implements Callable<Integer> {
    private static final LocalOptions DEFAULTS = LocalOptions.defaults();

    @Option(names = "--port", paramLabel = "N", description = "The port to listen on (default: ${DEFAULT-VALUE}).")
    private int port = DEFAULTS.port();
    @Option(names = "--host", paramLabel = "H", description = "The address to listen on (default: ${DEFAULT-VALUE}); "
            + "the admin routes answer this machine only, whatever the address.")
    private String host = DEFAULTS.host();
    @Option(names = "--data", paramLabel = "DIR", description = "Keeps DynamoDB Local and the secrets file in DIR between runs.")
    private Path data;
    @Option(names = "--shop-config", paramLabel = "FILE", description = "A file with real shops (repeatable); see README.md.")
    private List<Path> shopConfigs = new ArrayList<>();
    @Option(names = "--outbox-seconds", paramLabel = "N", description = "How often the outbox dispatcher runs (default: ${DEFAULT-VALUE}).")
    private int outboxSeconds = (int) DEFAULTS.outboxInterval().toSeconds();

    @Option(names = "--scheduler-seconds", paramLabel = "N", description = "How often the scheduled jobs (the sweep, declined steps due again) run (default: ${DEFAULT-VALUE}).")
    private int schedulerSeconds = (int) DEFAULTS.schedulerInterval().toSeconds();
    @Mixin
    private CliLogging.Verbose verbose;

    private final Terminal terminal;
    private LocalBackend started;

    LocalCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        verbose.apply();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            terminal.err().println("orderhook local: listening on " + host + ": the webhook route is reachable from other "
                    + "machines; the admin routes still answer only this machine.");
        }
        terminal.out().println("orderhook local: starting DynamoDB Local, the sandboxes and the handlers...");
        LocalBackend backend = LocalBackend.start(LocalOptions.defaults().host(host).port(port).data(data)
                .shopConfigs(shopConfigs).outboxInterval(Duration.ofSeconds(outboxSeconds))
                .schedulerInterval(Duration.ofSeconds(schedulerSeconds)));
        started = backend;
        Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "orderhook-local-stop"));
        backend.printBanner(terminal.out());
        return 0;
    }

    LocalBackend started() {
        return started;
    }
}
