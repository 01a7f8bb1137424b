package dev.wscommands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering that each {@code package-info.java} describes, checked on the sources: a package uses
 * only packages of a lower layer, so no two packages depend on each other in a circle.
 */
class LayeringTest {

    /** Layer of each package; a package may use only packages of a strictly lower layer. */
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("protocol", 0),
            Map.entry("api", 0),
            Map.entry("settings", 1),
            Map.entry("builtin", 1),
            Map.entry("client", 1),
            Map.entry("operations", 2),
            Map.entry("dedupe", 2),
            Map.entry("auth", 2),
            Map.entry("commands", 3),
            Map.entry("session", 4),
            Map.entry("server", 5),
            Map.entry("websocket", 6),
            Map.entry("servlet", 7),
            Map.entry("standalone", 7),
            Map.entry("bench", 7),
            Map.entry("cli", 8));

    /** Packages that must not see a WebSocket or servlet API. */
    private static final List<String> PLAIN_JAVA = List.of("api", "settings", "operations", "auth", "commands", "session",
            "server");

    private static final Path SOURCES = Path.of("src/main/java/dev/wscommands");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.wscommands\\.(\\w+)\\.");
    private static final Pattern JAKARTA = Pattern.compile("^import (static )?jakarta\\.(websocket|servlet)\\.", Pattern.MULTILINE);

    @Test
    void everyPackageHasALayer() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            TreeSet<String> found = new TreeSet<>(packages.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString()).toList());
            assertEquals(new TreeSet<>(LAYERS.keySet()), found, "packages and their layers");
        }
    }

    @Test
    void noPackageUsesAPackageOfItsOwnOrAHigherLayer() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            String own = source.getParent().getFileName().toString();
            Matcher reference = REFERENCE.matcher(withoutComments(Files.readString(source)));
            while (reference.find()) {
                String used = reference.group(1);
                if (!used.equals(own) && LAYERS.containsKey(used) && LAYERS.get(used) >= LAYERS.get(own)) {
                    violations.add(SOURCES.relativize(source) + " uses " + used);
                }
            }
        }
        assertTrue(violations.isEmpty(), () -> "layering broken:\n" + String.join("\n", new TreeSet<>(violations)));
    }

    @Test
    void theCoreImportsNoWebSocketOrServletApi() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            if (PLAIN_JAVA.contains(source.getParent().getFileName().toString())
                    && JAKARTA.matcher(Files.readString(source)).find()) {
                violations.add(SOURCES.relativize(source).toString());
            }
        }
        assertTrue(violations.isEmpty(), () -> "jakarta.websocket/servlet imported by " + violations);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    /** Javadoc may name a higher layer ("the WAR's filter does ..."); only code counts. */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
