package dev.wscommands.war.cdi;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code greet}: a command that is a CDI bean, not a {@link java.util.ServiceLoader} plug-in, with a dependency
 * the container injects. Packed with {@link Greeter} into a jar of the WAR's {@code WEB-INF/lib} for
 * {@code PluginWarIT}.
 */
@ApplicationScoped
public class GreetingCommand implements CommandHandler {

    @Inject
    Greeter greeter;

    @Override
    public String name() {
        return "greet";
    }

    @Override
    public String execute(CommandRequest request) {
        return greeter.greet(request.argument());
    }
}
