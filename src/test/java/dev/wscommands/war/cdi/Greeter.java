package dev.wscommands.war.cdi;

import jakarta.enterprise.context.ApplicationScoped;

/** The injected dependency of {@link GreetingCommand}: one instance for the application. */
@ApplicationScoped
public class Greeter {

    public String greet(String who) {
        return "Hello, " + who + ", from a CDI bean";
    }
}
