package dev.wscommands.servlet;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.commands.RegisteredCommand;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The CDI beans of this web application that implement {@link CommandHandler}, in containers that have CDI
 * (GlassFish, Payara): such a command can {@code @Inject} the application's own resources. Beans whose class
 * is already a {@link java.util.ServiceLoader} command are left out, so a class is never registered twice.
 * This class is loaded only where the CDI API is present.
 */
final class CdiCommands {

    private static final Logger LOG = Logger.getLogger(CdiCommands.class.getName());
    static final String SOURCE = "CDI bean";

    private CdiCommands() {
    }

    /** The CDI command beans, or none when the container has no CDI or this application is not a CDI one. */
    static List<RegisteredCommand> find(ClassLoader loader, Set<Class<?>> alreadyRegistered) {
        try {
            Class.forName("jakarta.enterprise.inject.spi.CDI", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
        return beans(alreadyRegistered);
    }

    private static List<RegisteredCommand> beans(Set<Class<?>> alreadyRegistered) {
        Instance<CommandHandler> beans;
        try {
            beans = CDI.current().select(CommandHandler.class);
        } catch (IllegalStateException e) {
            LOG.fine(() -> "no CDI in this application: " + e.getMessage());
            return List.of();
        }
        List<RegisteredCommand> found = new ArrayList<>();
        for (Instance.Handle<CommandHandler> handle : beans.handles()) {
            Class<?> type = handle.getBean().getBeanClass();
            if (!alreadyRegistered.contains(type)) {
                // The bean class, not the container's proxy of it, is what the log and refusals name.
                found.add(new RegisteredCommand(handle.get(), type, SOURCE));
            }
        }
        return found;
    }
}
