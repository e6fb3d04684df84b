package io.orderhook.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets that orderhook connect writes: where the resolvers read them, nobody else's entries lost. */
class SecretStoreTest {

    @Test
    void storingInAPropertiesFileKeepsTheOtherEntriesAndTheFileStaysOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "orderhook/shops/demo#webhookSecret=demo-webhook-secret\n");
        FileSecretResolver store = new FileSecretResolver(file);

        store.store("orderhook/shops/myshop#restKey", "ck_1234");
        store.store("orderhook/shops/myshop#restKey", "ck_5678");

        assertEquals("ck_5678", store.resolve("orderhook/shops/myshop#restKey"));
        assertEquals("demo-webhook-secret", store.resolve("orderhook/shops/demo#webhookSecret"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void storingInAJsonFileAddsTheReference(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.json");
        FileSecretResolver store = new FileSecretResolver(file);

        store.store("orderhook/shops/myshop#webhookSecret", "s3cret");
        store.store("orderhook/shops/myshop#restKey", "ck_1");

        assertEquals("s3cret", store.resolve("orderhook/shops/myshop#webhookSecret"));
        assertTrue(Files.readString(file).contains("\"orderhook/shops/myshop#restKey\""));
    }

    @Test
    void aValueStoredThroughTheCacheIsSeenAtOnceAndEnvironmentVariablesCannotBeWritten(@TempDir Path dir) {
        CachingSecretResolver cached = new CachingSecretResolver(new FileSecretResolver(dir.resolve("s.properties")),
                Duration.ofMinutes(5), java.time.Clock.systemUTC());
        cached.store("ref", "one");
        assertEquals("one", cached.resolve("ref"));
        cached.store("ref", "two");
        assertEquals("two", cached.resolve("ref"), "not the cached old value");

        CachingSecretResolver env = new CachingSecretResolver(new EnvironmentSecretResolver(Map.of()));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> env.store("ref", "x"));
        assertTrue(refused.getMessage().contains("EnvironmentSecretResolver"), refused.getMessage());
        assertFalse(refused.getMessage().contains("x\""), "the value is never in the message");
    }
}
