package dev.wscommands.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The main artifact, what {@code mvn install} installs as {@code dev.wscommands:ws-commands}, is a thin library
 * jar: this project's classes, none of its dependencies (a plug-in or a client gets those from the pom).
 */
class LibraryJarIT {

    private static Path libraryJar() {
        String path = System.getProperty("ws-commands.it.library-jar");
        assertTrue(path != null && !path.isBlank(), "-Dws-commands.it.library-jar is set by pom.xml for failsafe");
        return Path.of(path);
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
    void isNotTheExecutableJar() throws IOException {
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            assertNull(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }
}
