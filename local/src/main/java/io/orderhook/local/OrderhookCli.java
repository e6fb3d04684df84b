package io.orderhook.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The {@code orderhook} command. */
public final class OrderhookCli {
    private static final String USAGE = """
            usage: orderhook <command>
              local [--port N] [--data DIR]   serve POST /webhooks/woocommerce/{shopId} on 127.0.0.1:N (default 3000)
                                              through the real receiver, on DynamoDB Local kept in DIR (default .orderhook)
              help                            this text
            """;

    private OrderhookCli() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "local" -> local(rest);
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.println("unknown command '" + command + "'");
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    private static void local(List<String> args) throws Exception {
        int port = 3000;
        Path data = Path.of(".orderhook");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--port") && i + 1 < args.size()) {
                port = Integer.parseInt(args.get(++i));
            } else if (arg.equals("--data") && i + 1 < args.size()) {
                data = Path.of(args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' for local\n" + USAGE);
            }
        }
        DynamoDbLocal dynamoLocal = DynamoDbLocal.start(data.resolve("dynamodb"));
        DynamoDbClient dynamo = dynamoLocal.client();
        Path secrets = data.resolve("secrets.properties");
        LocalMode.prepare(dynamo, secrets);
        LocalReceiver receiver = LocalReceiver.start("127.0.0.1", port, LocalMode.receiver(dynamo, secrets));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.close();
            dynamo.close();
            dynamoLocal.close();
        }, "orderhook-local-stop"));
        System.out.println("orderhook local: POST http://127.0.0.1:" + receiver.port()
                + "/webhooks/woocommerce/demo (webhook secret in " + secrets + "); DynamoDB Local at "
                + dynamoLocal.endpoint() + ", table " + LocalMode.TABLE + ", data in " + data + "; Ctrl-C stops");
        Thread.currentThread().join();
    }
}
