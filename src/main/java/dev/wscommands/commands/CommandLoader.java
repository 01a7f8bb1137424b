package dev.wscommands.commands;

import dev.wscommands.api.CommandHandler;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds command handlers with {@link ServiceLoader}: those a class loader sees (the built-in ones, and in a
 * WAR those of {@code WEB-INF/lib}), and those of plug-in jars given by path. Every failure is a
 * {@link CommandLoadException} whose one-line message names the jar or the class.
 */
public final class CommandLoader {

    private CommandLoader() {
    }

    /** The handlers listed in {@code META-INF/services} of everything {@code loader} sees. */
    public static List<RegisteredCommand> fromClassLoader(ClassLoader loader) {
        return load(ServiceLoader.load(CommandHandler.class, loader), null);
    }

    /**
     * The handlers of the plug-in jars at {@code paths}: each a jar, or a directory whose {@code *.jar} files
     * are all loaded (in name order). The jars share one class loader below {@code parent}, so that they see the
     * command API; handlers that {@code parent} itself sees are not returned again.
     *
     * @throws CommandLoadException when a path does not exist, a jar cannot be read, or a handler fails
     */
    public static List<RegisteredCommand> fromJars(List<Path> paths, ClassLoader parent) {
        List<Path> jars = new ArrayList<>();
        for (Path path : paths) {
            jars.addAll(jarsAt(path));
        }
        if (jars.isEmpty()) {
            return List.of();
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = url(jars.get(i));
        }
        // Not closed: the handlers' classes are used for as long as the server runs.
        URLClassLoader plugins = new URLClassLoader("ws-commands-plugins", urls, parent);
        return load(ServiceLoader.load(CommandHandler.class, plugins), plugins);
    }

    private static List<Path> jarsAt(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                List<Path> jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                jars.forEach(CommandLoader::checkReadable);
                return jars;
            } catch (IOException e) {
                throw new CommandLoadException("cannot list plug-in directory " + path + ": " + e.getMessage(), e);
            }
        }
        if (!Files.exists(path)) {
            throw new CommandLoadException("plug-in jar " + path + " does not exist");
        }
        checkReadable(path);
        return List.of(path);
    }

    private static void checkReadable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            file.getManifest();
        } catch (IOException | SecurityException e) {
            throw new CommandLoadException("cannot read plug-in jar " + jar + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new CommandLoadException("cannot read plug-in jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Loads every provider; with {@code only}, just those whose class that loader defined. */
    private static List<RegisteredCommand> load(ServiceLoader<CommandHandler> services, ClassLoader only) {
        List<RegisteredCommand> found = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<CommandHandler> provider : services.stream().toList()) {
                Class<? extends CommandHandler> type = provider.type();
                if (only != null && type.getClassLoader() != only) {
                    continue;
                }
                String source = sourceOf(type);
                CommandHandler handler;
                try {
                    handler = provider.get();
                } catch (ServiceConfigurationError e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new CommandLoadException("command class " + type.getName() + " from " + source
                            + " could not be created: " + cause, e);
                }
                found.add(new RegisteredCommand(handler, source));
            }
        } catch (ServiceConfigurationError e) {
            throw new CommandLoadException("a command plug-in could not be loaded: " + e.getMessage(), e);
        }
        return found;
    }

    /** The file name of the jar that holds {@code type}, or {@code built-in} for this project's own classes. */
    static String sourceOf(Class<?> type) {
        if (type.getName().startsWith("dev.wscommands.builtin.")) {
            return "built-in";
        }
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return "class path";
        }
        String location = code.getLocation().getPath();
        String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
