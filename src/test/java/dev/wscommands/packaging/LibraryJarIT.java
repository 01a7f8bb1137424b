package dev.wscommands.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The main artifact, what {@code mvn install} installs as {@code dev.wscommands:ws-commands}, is a thin library
 * jar: this project's classes, none of its dependencies (a plug-in or a client gets those from the pom). The
 * executable jar and the WAR are attached beside it, under their own coordinates.
 */
class LibraryJarIT {

    private static Path libraryJar() {
        return Path.of(property("ws-commands.it.library-jar"));
    }

    @Test
    void holdsThisProjectsClassesAndNoDependency() throws IOException {
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            List<String> classes = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
            assertTrue(classes.contains("dev/wscommands/api/CommandHandler.class"));
            assertTrue(classes.contains("dev/wscommands/client/CommandClient.class"));
            List<String> foreign = classes.stream().filter(name -> !name.startsWith("dev/wscommands/")).toList();
            assertEquals(0, foreign.size(), () -> "classes of shaded dependencies, for example "
                    + foreign.subList(0, Math.min(5, foreign.size())));
        }
    }

    @Test
    void isWhatMavenPublishesAsTheMainArtifactWithTheExecutableJarAndTheWarAttached() throws IOException {
        // The build stages with the deploy plug-in what install and deploy take (pom.xml, stage-for-packaging-tests).
        Path staged = Path.of(property("ws-commands.it.staging-repository"), "dev", "wscommands", "ws-commands",
                property("ws-commands.it.version"));
        assertArrayEquals(Files.readAllBytes(libraryJar()), Files.readAllBytes(staged(staged, "\\.jar")),
                "the main artifact");
        assertArrayEquals(Files.readAllBytes(Path.of("target", "ws-commands.jar")),
                Files.readAllBytes(staged(staged, "-exec\\.jar")), "classifier exec");
        assertArrayEquals(Files.readAllBytes(Path.of("target", "ws-commands.war")),
                Files.readAllBytes(staged(staged, "\\.war")), "type war");
    }

    /** The one staged file named {@code ws-commands-VERSION}, a snapshot's timestamp, then {@code suffix}. */
    private static Path staged(Path directory, String suffix) throws IOException {
        Pattern name = Pattern.compile("ws-commands-[\\w.]+?(-\\d{8}\\.\\d{6}-\\d+)?" + suffix);
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(f -> name.matcher(f.getFileName().toString()).matches()).toList();
            assertEquals(1, found.size(), () -> suffix + " in " + directory + ": " + found);
            return found.get(0);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), "-D" + name + " is set by pom.xml for failsafe");
        return value;
    }

    @Test
    void isNotTheExecutableJar() throws IOException {
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            assertNull(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }
}
