package io.orderhook.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import software.amazon.awssdk.regions.Region;

/**
 * The LocalStack side of {@link TestDynamo}. Kept in its own class because Testcontainers is
 * an optional dependency: nothing here is loaded unless Testcontainers is on the classpath.
 */
final class LocalStackDynamo {
    /** The image that honours an auth token; {@code LOCALSTACK_IMAGE} overrides it. */
    static final String DEFAULT_IMAGE = "localstack/localstack-pro:4";

    private LocalStackDynamo() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    static TestDynamo start(String authToken) {
        String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withServices(LocalStackContainer.Service.DYNAMODB)
                .withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
        container.start();
        return new TestDynamo("LocalStack", new DynamoEndpoint(container.getEndpoint(), Region.of(container.getRegion()),
                container.getAccessKey(), container.getSecretKey()));
    }
}
