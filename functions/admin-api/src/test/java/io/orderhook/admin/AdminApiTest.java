package io.orderhook.admin;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link AdminFixture} for every test, its secrets file in a temporary folder. */
abstract class AdminApiTest {
    @TempDir
    Path directory;
    AdminFixture admin;

    @BeforeEach
    void startAdmin() {
        admin = new AdminFixture(directory);
    }
}
