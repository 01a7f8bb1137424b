package dev.wscommands.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * A command plug-in jar written by a test: Java sources compiled with the JDK's compiler against the command
 * API, and the {@code META-INF/services} file that lists the handlers.
 */
final class PluginJar {

    /** The API classes the plug-ins compile against: this build's own, as a plug-in would see them. */
    private static final Path API_CLASSES = Path.of("target", "classes");

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();

    /** Adds the class {@code className} with the source {@code code}. */
    PluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Adds a class and lists it as a {@code CommandHandler} for the service loader. */
    PluginJar handler(String className, String code) {
        services.add(className);
        return source(className, code);
    }

    /** Compiles the sources and writes the jar {@code jar}. */
    Path writeTo(Path jar) throws IOException {
        Path classes = Files.createTempDirectory(jar.getParent(), "classes");
        compile(classes);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.wscommands.api.CommandHandler"));
            out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private void compile(Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null,
                List.of("--release", "17", "-classpath", API_CLASSES.toString(), "-d", classes.toString()),
                null, units).call();
        if (!compiled) {
            throw new IllegalStateException("test plug-in does not compile:\n" + errors);
        }
    }

    /** Source of a handler {@code className} (in package {@code pkg}) answering {@code name} with {@code reply}. */
    static String handlerSource(String pkg, String simpleName, String name, String reply) {
        return """
                package %s;

                public final class %s implements dev.wscommands.api.CommandHandler {
                    public String name() { return "%s"; }
                    public String execute(dev.wscommands.api.CommandRequest request) { return "%s"; }
                }
                """.formatted(pkg, simpleName, name, reply);
    }

    static void writeGarbage(Path file) {
        try {
            Files.write(file, "this is not a zip file".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
