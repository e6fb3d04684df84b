package io.orderhook.local;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local stack for one test class: started in this JVM on a free port before the class's own
 * {@code @BeforeAll}, closed after its {@code @AfterAll}. Register it as
 * {@code @RegisterExtension static final RunningStack stack = new RunningStack(Duration.ofSeconds(1));}.
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {
    private final Duration outboxInterval;
    private LocalBackend backend;

    /** @param outboxInterval how often the outbox dispatcher runs */
    RunningStack(Duration outboxInterval) {
        this.outboxInterval = outboxInterval;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        backend = LocalBackend.start(LocalOptions.forTests().outboxInterval(outboxInterval));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        backend.close();
    }

    LocalBackend backend() {
        return backend;
    }

    /** Where the stack answers, e.g. {@code http://127.0.0.1:43121}. */
    URI base() {
        return backend.baseUrl();
    }
}
