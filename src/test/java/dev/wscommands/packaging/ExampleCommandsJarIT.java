package dev.wscommands.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * target/example-commands.jar is a plug-in as a user would write one: its commands listed for
 * {@link java.util.ServiceLoader}, and its classes use nothing of ws-commands but the command API.
 */
class ExampleCommandsJarIT {

    private static final Path JAR = Path.of("target", "example-commands.jar");

    /** A class name in a class file's constant pool, in its internal form. */
    private static final Pattern WS_COMMANDS_CLASS = Pattern.compile("dev/wscommands/[\\w/$]+");

    @Test
    void listsItsCommandsForTheServiceLoader() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/dev.wscommands.api.CommandHandler");
            try (InputStream in = jar.getInputStream(services)) {
                assertEquals(List.of("com.example.commands.EchoCommand", "com.example.commands.SleepCommand",
                                "com.example.commands.FailCommand", "com.example.commands.RejectCommand",
                                "com.example.commands.CounterCommand", "com.example.commands.WhoamiCommand",
                                "com.example.commands.PurgeCommand"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
    }

    @Test
    void usesNothingOfWsCommandsButTheCommandApi() throws IOException {
        TreeSet<String> used = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    // Class names are stored as plain (modified UTF-8) text in the constant pool.
                    Matcher names = WS_COMMANDS_CLASS.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                    while (names.find()) {
                        used.add(names.group());
                    }
                }
            }
        }
        assertEquals(List.of(), used.stream().filter(name -> !name.startsWith("dev/wscommands/api/")).toList());
        assertEquals(List.of("dev/wscommands/api/Caller", "dev/wscommands/api/CommandFailure",
                "dev/wscommands/api/CommandHandler",
                "dev/wscommands/api/CommandRequest", "dev/wscommands/api/Execution"), List.copyOf(used));
    }
}
