package dev.wscommands.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.docs.Readme;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Projects of their own, built by Maven against the installed {@code dev.wscommands:ws-commands}: a client
 * project made of README's "From Java" dependency and example, and the example plug-in's own project
 * (examples/commands, whose pom depends on ws-commands with {@code provided} scope).
 *
 * <p>Before them, the test installs this build's thin jar and pom, as {@code mvn install} would, into the local
 * repository this build uses: Maven 3.8 cannot chain a private repository to it (3.9's
 * {@code maven.repo.local.tail}), and a private empty one would download every plug-in on each run. So the
 * projects resolve the artifact exactly where a user's project finds it, with the build's own Maven.
 */
class MavenProjectIT {

    private static final Path WORK = Path.of("target", "maven-projects");
    private static final long MAVEN_TIMEOUT_MINUTES = 10;
    private static final String README_ENDPOINT = "ws://127.0.0.1:8080/server";

    private static String mvn;
    private static String localRepository;

    @BeforeAll
    static void installTheThinArtifact() throws Exception {
        mvn = Path.of(property("ws-commands.it.maven-home"), "bin", "mvn").toString();
        localRepository = property("ws-commands.it.local-repository");
        Files.createDirectories(WORK);
        run(WORK, mvn, "-B", "-q", "-Dmaven.repo.local=" + localRepository,
                "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
                "-Dfile=" + Path.of(property("ws-commands.it.library-jar")).toAbsolutePath(),
                "-DpomFile=" + Path.of("pom.xml").toAbsolutePath());
    }

    @Test
    void readmesClientExampleCompilesAndAnswersWithTheReadmesDependency() throws Exception {
        Path project = fresh("client");
        // The example sends the example plug-in's commands, echo and sleep.
        try (JarProcess server = JarProcess.start(project.resolve("server.log"), "--port", "0", "--commands",
                Path.of("target", "example-commands.jar").toAbsolutePath().toString())) {
            // The example connects to the README's ws://127.0.0.1:8080/server; this test's server has a port of
            // its own.
            String example = Readme.load().block("from-java-example");
            assertTrue(example.contains(README_ENDPOINT), example);
            writeClientProject(project, example.replace(README_ENDPOINT, server.awaitEndpoint().toString()));

            run(project, mvn, "-B", "-q", "-Dmaven.repo.local=" + localRepository, "package",
                    "dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=classpath.txt");

            // Run with nothing but the project's classes and what the README's dependency brings at run time.
            String classpath = project.resolve("target/classes") + File.pathSeparator
                    + Files.readString(project.resolve("classpath.txt")).strip();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String printed = run(project, java, "-cp", classpath, "example.Client");
            assertEquals("hello, \"world\"\nThe hot dog left the castle as requested.\n", printed);
        }
    }

    private static void writeClientProject(Path project, String example) throws IOException {
        Path source = project.resolve("src/main/java/example/Client.java");
        Files.createDirectories(source.getParent());
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>client</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                        <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.9.0</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(Readme.load().block("from-java-dependency").indent(4)));
        // The imports the README names before the example.
        Files.writeString(source, """
                package example;

                import dev.wscommands.client.ClientSettings;
                import dev.wscommands.client.CommandClient;
                import dev.wscommands.protocol.Message;
                import java.net.URI;
                import java.time.Duration;
                import java.util.concurrent.CompletableFuture;

                public class Client {
                    public static void main(String[] args) throws Exception {
                %s    }
                }
                """.formatted(example.indent(8)));
    }

    @Test
    void theExamplePluginsOwnProjectBuildsItsJar() throws Exception {
        Path project = fresh("example-commands");
        copyTree(Path.of("examples", "commands"), project);
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.replaceAll("\\s+", "").contains("<artifactId>ws-commands</artifactId><version>"
                + property("ws-commands.it.version") + "</version><scope>provided</scope>"), pom);

        run(project, mvn, "-B", "-q", "-Dmaven.repo.local=" + localRepository, "package");

        try (JarFile jar = new JarFile(project.resolve("target/example-commands.jar").toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();
            assertTrue(entries.contains("META-INF/services/dev.wscommands.api.CommandHandler"), entries.toString());
            assertTrue(entries.contains("com/example/commands/SleepCommand.class"), entries.toString());
            assertEquals(List.of(), entries.stream().filter(name -> name.startsWith("dev/")).toList(),
                    "a provided dependency stays out of the plug-in jar");
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), "-D" + name + " is set by pom.xml for failsafe");
        return value;
    }

    private static Path fresh(String name) throws IOException {
        Path project = WORK.resolve(name).toAbsolutePath();
        if (Files.exists(project)) {
            try (Stream<Path> files = Files.walk(project)) {
                for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(project);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (from.relativize(file).startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Runs {@code command} in {@code directory}; fails unless it exits 0 in time. Returns its standard output. */
    private static String run(Path directory, String... command) throws Exception {
        Path stdout = Files.createTempFile(WORK.toAbsolutePath(), "stdout", ".txt");
        Path stderr = Files.createTempFile(WORK.toAbsolutePath(), "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(List.of(command) + " still running after " + MAVEN_TIMEOUT_MINUTES + " minutes");
        }
        String printed = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), List.of(command) + " in " + directory + ":\n" + printed
                + Files.readString(stderr, StandardCharsets.UTF_8));
        return printed;
    }
}
