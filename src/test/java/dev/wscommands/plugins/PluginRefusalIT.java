package dev.wscommands.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/ws-commands.jar --commands DIR} refuses to start when a plug-in cannot be used: exit
 * code 2 and one line on standard error that names the command and both its sources, or the jar.
 */
class PluginRefusalIT {

    @TempDir
    Path work;

    @Test
    void refusesTwoPluginsWithTheSameCommand() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        new PluginJar().handler("one.Twice", PluginJar.handlerSource("one", "Twice", "twice", "first"))
                .writeTo(plugins.resolve("first-commands.jar"));
        new PluginJar().handler("two.Twice", PluginJar.handlerSource("two", "Twice", "twice", "second"))
                .writeTo(plugins.resolve("second-commands.jar"));

        assertRefused("ws-commands: two handlers for command \"twice\": one.Twice from first-commands.jar and "
                + "two.Twice from second-commands.jar", "--commands", plugins.toString());
    }

    @Test
    void refusesAPluginCommandNamedLikeABuiltInOne() throws Exception {
        Path jar = new PluginJar().handler("mine.Heartbeat", PluginJar.handlerSource("mine", "Heartbeat", "heartbeat", ""))
                .writeTo(work.resolve("heartbeat-commands.jar"));

        assertRefused("ws-commands: two handlers for command \"heartbeat\": dev.wscommands.builtin.HeartbeatCommand "
                + "from built-in and mine.Heartbeat from heartbeat-commands.jar", "--commands", jar.toString());
    }

    @Test
    void refusesAJarItCannotRead() throws Exception {
        Path plugins = Files.createDirectory(work.resolve("plugins"));
        PluginJar.writeGarbage(plugins.resolve("x.jar"));

        assertRefused("ws-commands: cannot read plug-in jar " + plugins.resolve("x.jar") + ": zip END header not found",
                "--commands", plugins.toString());
    }

    @Test
    void refusesAPluginWhoseConstructorThrows() throws Exception {
        Path jar = new PluginJar().handler("broken.Throwing", """
                package broken;

                public final class Throwing implements dev.wscommands.api.CommandHandler {
                    public Throwing() { throw new IllegalStateException("no database"); }
                    public String name() { return "throwing"; }
                    public String execute(dev.wscommands.api.CommandRequest request) { return ""; }
                }
                """).writeTo(work.resolve("throwing-commands.jar"));

        assertRefused("ws-commands: command class broken.Throwing from throwing-commands.jar could not be created: "
                + "java.lang.IllegalStateException: no database", "--commands", jar.toString());
    }

    /** Runs the jar with {@code args}: it must exit with 2 having written exactly {@code line} to standard error. */
    private void assertRefused(String line, String... args) throws Exception {
        try (JarProcess refused = JarProcess.start(work.resolve("stderr.txt"), args)) {
            assertEquals(2, refused.awaitExit(), refused.stderr());
            assertEquals(List.of(line), refused.stderr().lines().toList());
        }
    }
}
