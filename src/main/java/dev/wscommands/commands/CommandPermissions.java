package dev.wscommands.commands;

import dev.wscommands.api.Caller;
import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.SettingsReader;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may run each command, decided once at start: the operator's {@code command-roles} for a command, else
 * the {@link RolesAllowed}, {@link PermitAll} or {@link DenyAll} on its handler class, else anyone who may
 * connect (with authentication on, any authenticated caller). Immutable; {@link #allows} is a map lookup and
 * a set test.
 */
public final class CommandPermissions {

    /** In a {@link RolesAllowed}: any authenticated caller, as Jakarta Authorization spells it. */
    static final String ANY_AUTHENTICATED_ROLE = "**";

    /** Who may run one command. */
    record Rule(Kind kind, Set<String> roles, String origin) {

        boolean allows(Caller caller) {
            return switch (kind) {
                case ANYONE -> true;
                case AUTHENTICATED -> !caller.isAnonymous();
                case NO_ONE -> false;
                case ROLES -> hasAny(caller);
            };
        }

        /** A loop, not a stream: this runs on every request. */
        private boolean hasAny(Caller caller) {
            for (String role : roles) {
                if (caller.isInRole(role)) {
                    return true;
                }
            }
            return false;
        }

        String describe() {
            return switch (kind) {
                case ANYONE -> "anyone";
                case AUTHENTICATED -> "any authenticated caller";
                case NO_ONE -> "no one";
                case ROLES -> "roles " + String.join(",", new TreeSet<>(roles));
            } + " (" + origin + ")";
        }
    }

    enum Kind { ANYONE, AUTHENTICATED, ROLES, NO_ONE }

    private static final Rule ANYONE = new Rule(Kind.ANYONE, Set.of(), "declares nothing");

    private final Map<String, Rule> rules;

    private CommandPermissions(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    /** Anyone may run every command of {@code catalog} that declares nothing; annotations still hold. */
    public static CommandPermissions of(CommandCatalog catalog) {
        return of(catalog, Map.of());
    }

    /**
     * The rules of {@code catalog}'s commands, with {@code overrides} ({@code command-roles}) before the
     * annotations.
     *
     * @throws IllegalArgumentException when an override names a command the catalog does not have
     * @throws CommandLoadException     when a handler class carries more than one of the three annotations
     */
    public static CommandPermissions of(CommandCatalog catalog, Map<String, Set<String>> overrides) {
        List<String> unknown = new ArrayList<>();
        for (String name : overrides.keySet()) {
            if (catalog.get(name) == null) {
                unknown.add('"' + name + '"');
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(SettingsReader.COMMAND_ROLES + " names unknown command"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + "; known commands: "
                    + String.join(", ", catalog.names().stream().map(c -> '"' + c + '"').toList()));
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (RegisteredCommand command : catalog.commands()) {
            Set<String> override = overrides.get(command.name());
            rules.put(command.name(), override != null ? overridden(override) : declared(command));
        }
        return new CommandPermissions(rules);
    }

    /** Whether {@code caller} may run {@code command}; false for a command not in the catalog. */
    public boolean allows(String command, Caller caller) {
        Rule rule = rules.get(command);
        return rule != null && rule.allows(caller);
    }

    /** Every role that some rule names: a container is asked about exactly these for its principal. */
    public Set<String> roleNames() {
        Set<String> names = new TreeSet<>();
        rules.values().forEach(rule -> names.addAll(rule.roles()));
        return Collections.unmodifiableSet(names);
    }

    /** The commands that not anyone may run, with who may, for the start-up log; empty when there are none. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        rules.forEach((name, rule) -> {
            if (rule.kind() != Kind.ANYONE) {
                lines.add('"' + name + "\": " + rule.describe());
            }
        });
        return String.join(", ", lines);
    }

    private static Rule overridden(Set<String> roles) {
        if (roles.contains(SecuritySettings.ANY_AUTHENTICATED)) {
            return new Rule(Kind.AUTHENTICATED, Set.of(), SettingsReader.COMMAND_ROLES);
        }
        return new Rule(Kind.ROLES, Set.copyOf(roles), SettingsReader.COMMAND_ROLES);
    }

    private static Rule declared(RegisteredCommand command) {
        Class<?> type = command.type();
        RolesAllowed roles = type.getAnnotation(RolesAllowed.class);
        boolean permitAll = type.isAnnotationPresent(PermitAll.class);
        boolean denyAll = type.isAnnotationPresent(DenyAll.class);
        if ((roles != null ? 1 : 0) + (permitAll ? 1 : 0) + (denyAll ? 1 : 0) > 1) {
            throw new CommandLoadException("command " + command.describe()
                    + " declares more than one of @RolesAllowed, @PermitAll and @DenyAll");
        }
        if (denyAll) {
            return new Rule(Kind.NO_ONE, Set.of(), "@DenyAll");
        }
        if (permitAll) {
            return new Rule(Kind.ANYONE, Set.of(), "@PermitAll");
        }
        if (roles == null) {
            return ANYONE;
        }
        Set<String> names = new LinkedHashSet<>(List.of(roles.value()));
        if (names.contains(ANY_AUTHENTICATED_ROLE)) {
            return new Rule(Kind.AUTHENTICATED, Set.of(), "@RolesAllowed");
        }
        // An empty @RolesAllowed names no role: no one may run the command.
        return names.isEmpty() ? new Rule(Kind.NO_ONE, Set.of(), "@RolesAllowed({})")
                : new Rule(Kind.ROLES, Set.copyOf(names), "@RolesAllowed");
    }
}
