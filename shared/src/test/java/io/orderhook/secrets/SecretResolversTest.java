package io.orderhook.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.orderhook.testkit.TestClock;

class SecretResolversTest {

    @Test
    void aPropertiesFileResolvesByTheReferenceAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "shops/demo/webhook=demo-webhook-secret\n");
        assertEquals("demo-webhook-secret", new FileSecretResolver(file).resolve("shops/demo/webhook"));
    }

    @Test
    void aJsonFileResolvesByTheReferenceAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.json");
        Files.writeString(file, "{\"shops/demo/webhook\":\"demo-webhook-secret\"}");
        assertEquals("demo-webhook-secret", new FileSecretResolver(file).resolve("shops/demo/webhook"));
    }

    @Test
    void aMissingEntryNamesTheReferenceButNoValue(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "other=the-other-value\n");
        var missing = assertThrows(SecretResolver.MissingSecretException.class,
                () -> new FileSecretResolver(file).resolve("shops/demo/webhook"));
        assertTrue(missing.getMessage().contains("shops/demo/webhook"));
        assertFalse(missing.getMessage().contains("the-other-value"));
    }

    @Test
    void anEnvironmentVariableIsFoundUnderTheUpperCasedReference() {
        var resolver = new EnvironmentSecretResolver(Map.of("ORDERHOOK_SHOPS_DEMO_WEBHOOKSECRET", "s3cret"));
        assertEquals("s3cret", resolver.resolve("orderhook/shops/demo#webhookSecret"));
        assertThrows(SecretResolver.MissingSecretException.class, () -> resolver.resolve("orderhook/shops/other"));
    }

    @Test
    void aFieldOfAJsonSecretIsPickedByItsName() {
        var ref = SecretsManagerSecretResolver.SecretReference.parse("orderhook/shops/demo#webhookSecret");
        assertEquals("orderhook/shops/demo", ref.name());
        assertEquals("s3cret", SecretsManagerSecretResolver.field(ref, "{\"webhookSecret\":\"s3cret\",\"restKey\":\"ck_1\"}"));
        assertThrows(SecretResolver.MissingSecretException.class,
                () -> SecretsManagerSecretResolver.field(ref, "{\"restKey\":\"ck_1\"}"));
    }

    @Test
    void aChangedSecretTakesEffectWithinAMinute(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "webhook=first\n");
        TestClock clock = TestClock.at("2024-05-02T09:00:00Z");
        SecretResolver cached = new CachingSecretResolver(new FileSecretResolver(file), Duration.ofSeconds(60), clock);
        assertEquals("first", cached.resolve("webhook"));

        Files.writeString(file, "webhook=second\n");
        clock.advance(Duration.ofSeconds(30));
        assertEquals("first", cached.resolve("webhook"), "still cached after 30 s");
        clock.advance(Duration.ofSeconds(31));
        assertEquals("second", cached.resolve("webhook"), "refreshed after 61 s");
    }

    @Test
    void theSecretSourceIsChosenByOneSetting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.properties");
        Files.writeString(file, "a=from-file\n");
        assertEquals("from-file", SecretResolvers.fromEnvironment(
                Map.of(SecretResolvers.SETTING, "file:" + file), () -> { throw new AssertionError("not used"); }).resolve("a"));
        assertEquals("from-env", SecretResolvers.fromEnvironment(
                Map.of(SecretResolvers.SETTING, "env", "A", "from-env"), () -> { throw new AssertionError("not used"); }).resolve("a"));
        var wrong = assertThrows(IllegalArgumentException.class, () -> SecretResolvers.fromEnvironment(
                Map.of(SecretResolvers.SETTING, "vault"), () -> { throw new AssertionError("not used"); }));
        assertTrue(wrong.getMessage().contains("secretsmanager, env, or file:PATH"));
    }
}
