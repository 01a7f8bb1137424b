package dev.wscommands.war;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The WAR as the build deployed it into one container: the container's name and version (what a test report
 * shows) and the HTTP port it listens on at 127.0.0.1, with the WAR at {@code /ws-commands}.
 */
record DeployedWar(String container, int port) {

    /** The system property, set by the failsafe configuration in pom.xml, listing {@code name@port} entries. */
    static final String CONTAINERS_PROPERTY = "ws-commands.it.containers";

    /** The static page at the root of the web application. */
    URI page() {
        return URI.create("http://127.0.0.1:" + port + "/ws-commands/");
    }

    /** The command channel. */
    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + port + "/ws-commands/server");
    }

    @Override
    public String toString() {
        return container;
    }

    /**
     * The deployments listed in {@link #CONTAINERS_PROPERTY}, e.g. {@code Apache Tomcat 11.0.24@18120}.
     *
     * @throws IllegalStateException when the property is missing: the containers are started by Maven, so this
     *     test runs only through {@code mvn verify}
     */
    static List<DeployedWar> fromSystemProperty() {
        String listed = System.getProperty(CONTAINERS_PROPERTY, "");
        if (listed.isBlank()) {
            throw new IllegalStateException("no containers listed in -D" + CONTAINERS_PROPERTY
                    + "; run the WAR integration tests with mvn verify, which starts the containers");
        }
        return Arrays.stream(listed.split(",")).map(String::trim).map(DeployedWar::parse).toList();
    }

    private static DeployedWar parse(String entry) {
        int at = entry.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("expected \"container name@port\", was \"" + entry + "\"");
        }
        return new DeployedWar(entry.substring(0, at).trim(), Integer.parseInt(entry.substring(at + 1).trim()));
    }
}
