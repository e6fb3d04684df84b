package io.orderhook.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.orderhook.testkit.DynamoDbLocal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code orderhook invoke}: one function of template.yaml on event files, like {@code sam local invoke} ({@link FunctionInvoker}). */
@Command(name = "invoke", description = {"Runs one function of template.yaml on event files, like sam local invoke.",
        "The function's handler runs in a JVM of its own with the template's environment. Against the running local stack when one answers at --url, otherwise on a "
                + "DynamoDB Local of its own (in memory, or kept in --data DIR). The result goes to stdout, the function's "
                + "log to stderr."})
final class InvokeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<LogicalId>", description = "The function's logical id in template.yaml, e.g. OrderProcessorFunction.")
    private String logicalId;
    @Option(names = "--event", required = true, paramLabel = "FILE",
            description = "The event file, e.g. events/order.updated.completed.json; several run one after the other in one warm container.")
    private List<Path> events;
    @Mixin
    private StackUrl stack;
    @Option(names = "--data", paramLabel = "DIR", description = "Without a running stack: keep the DynamoDB Local of the "
            + "invocation in DIR (never a directory a running stack uses). Implies not using a running stack.")
    private Path data;
    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template (default: template.yaml of this repository).")
    private Path template;
    @Mixin
    private CliLogging.Verbose verbose;

    private final Terminal terminal;

    InvokeCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        verbose.apply();
        SamTemplate functions = SamTemplate.read(template != null ? template : SamTemplate.find());
        functions.function(logicalId); // a name the template lacks fails before any DynamoDB Local starts
        FunctionInvoker invoker = new FunctionInvoker(functions, FunctionInvoker.ownClasspath());
        FunctionInvoker.Result result;
        FunctionInvoker.Target running = data == null ? runningStack(stack.url) : null;
        if (running != null) {
            terminal.err().println("orderhook invoke: " + logicalId + " against the local stack at " + stack.url);
            result = invoker.invoke(logicalId, events, running);
        } else {
            terminal.err().println("orderhook invoke: no local stack at " + stack.url + "; " + logicalId
                    + " runs on a DynamoDB Local of its own" + (data == null ? " (in memory)" : " in " + data));
            result = invokeStandalone(invoker);
        }
        terminal.err().print(result.log());
        terminal.out().println(result.output());
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

    private FunctionInvoker.Result invokeStandalone(FunctionInvoker invoker) {
        try (DynamoDbLocal dynamoLocal = DynamoDbLocal.start(data == null ? null : data.resolve("dynamodb"));
             DynamoDbClient dynamo = dynamoLocal.client()) {
            Path secrets = data != null ? data.resolve("secrets.properties")
                    : Files.createTempDirectory("orderhook-invoke").resolve("secrets.properties");
            LocalShops.prepareForInvoke(dynamo, stack.url, secrets);
            return invoker.invoke(logicalId, events, new FunctionInvoker.Target(dynamoLocal.endpoint(), LocalBackend.TABLE, secrets));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a DynamoDB Local for the invocation: " + e.getMessage(), e);
        }
    }
}
