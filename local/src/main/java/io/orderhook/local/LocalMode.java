package io.orderhook.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.CachingSecretResolver;
import io.orderhook.secrets.FileSecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.InboxStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.EventFiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What local mode runs on: one table on DynamoDB Local, the demo shop configured in it, and
 * its secrets in a properties file under the data directory.
 */
public final class LocalMode {
    public static final String TABLE = "orderhook";
    public static final String DEMO_WEBHOOK_SECRET_REF = "orderhook/shops/demo#webhookSecret";

    private LocalMode() {}

    /** Creates the table and the demo shop if they are not there yet; keeps whatever is. */
    public static void prepare(DynamoDbClient dynamo, Path secretsFile) {
        TableDefinition.create(dynamo, TABLE);
        ShopConfigStore shops = new ShopConfigStore(dynamo, TABLE);
        if (shops.read(EventFiles.DEMO_SHOP).isEmpty()) {
            shops.save(new ShopConfig(EventFiles.DEMO_SHOP, "http://127.0.0.1:8080", DEMO_WEBHOOK_SECRET_REF,
                    "orderhook/shops/demo#restKey", "orderhook/shops/demo#restSecret",
                    new ShopConfig.ProviderAccount("billmate", "12345", "orderhook/shops/demo#billmate",
                            "http://127.0.0.1:8081/", true),
                    ShopSettings.defaults(), 1));
        }
        try {
            Files.createDirectories(secretsFile.toAbsolutePath().getParent());
            if (!Files.exists(secretsFile)) {
                Files.writeString(secretsFile, "# Local-mode secrets, by reference (see FileSecretResolver).\n"
                        + DEMO_WEBHOOK_SECRET_REF + "=" + EventFiles.DEMO_SECRET + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + secretsFile, e);
        }
    }

    public static WebhookReceiverHandler receiver(DynamoDbClient dynamo, Path secretsFile) {
        return new WebhookReceiverHandler(new WebhookIntake(new ShopConfigStore(dynamo, TABLE),
                new CachingSecretResolver(new FileSecretResolver(secretsFile)), new InboxStore(dynamo, TABLE),
                new QuarantineStore(dynamo, TABLE), Clock.systemUTC(), IntakeLog.stdout()));
    }
}
