package dev.wscommands.commands;

import dev.wscommands.api.CommandHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The commands one server answers, by name, each once. Immutable once built. */
public final class CommandCatalog {

    private final Map<String, RegisteredCommand> byName;

    private CommandCatalog(Map<String, RegisteredCommand> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** The built-in commands alone, as this jar's {@code META-INF/services} lists them. */
    public static CommandCatalog builtIn() {
        return builder().addAll(CommandLoader.fromClassLoader(CommandCatalog.class.getClassLoader())).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The command named {@code name}, or {@code null}. */
    public RegisteredCommand get(String name) {
        return byName.get(name);
    }

    /** The names, in the order the commands were added. */
    public Set<String> names() {
        return byName.keySet();
    }

    public Collection<RegisteredCommand> commands() {
        return byName.values();
    }

    /** Collects commands and refuses a second one for a name. */
    public static final class Builder {

        private final Map<String, RegisteredCommand> byName = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds {@code handler}, found in {@code source}.
         *
         * @throws CommandLoadException when a command of that name was added before, naming both
         */
        public Builder add(CommandHandler handler, String source) {
            return add(new RegisteredCommand(handler, source));
        }

        /**
         * Adds {@code added}.
         *
         * @throws CommandLoadException when a command of that name was added before, naming both
         */
        public Builder add(RegisteredCommand added) {
            CommandHandler handler = added.handler();
            String source = added.source();
            String name = handler.name();
            if (name == null || name.isEmpty()) {
                throw new CommandLoadException("command " + added.type().getName() + " from " + source
                        + " has no name");
            }
            RegisteredCommand earlier = byName.putIfAbsent(name, added);
            if (earlier != null) {
                throw new CommandLoadException("two handlers for command \"" + name + "\": "
                        + earlier.type().getName() + " from " + earlier.source() + " and "
                        + added.type().getName() + " from " + source);
            }
            return this;
        }

        public Builder addAll(List<RegisteredCommand> commands) {
            for (RegisteredCommand command : commands) {
                add(command);
            }
            return this;
        }

        public CommandCatalog build() {
            return new CommandCatalog(byName);
        }
    }

    /** The names of {@code commands}, for a log line: {@code "echo" (... from ...), ...}. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        for (RegisteredCommand command : byName.values()) {
            lines.add(command.describe());
        }
        return String.join(", ", lines);
    }
}
