package dev.wscommands.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.api.Caller;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.settings.SettingsReader;
import dev.wscommands.testing.Metrics;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who may run which command: the handler classes' annotations, the operator's overrides, and the dispatcher's check. */
class CommandPermissionsTest {

    private static final Caller ALICE = new Caller("alice", Set.of("ops"), Map.of("sub", "alice"));
    private static final Caller BOB = new Caller("bob", Set.of(), Map.of("sub", "bob"));
    private static final Caller ROOT = new Caller("root", Set.of("admin"), Map.of("sub", "root"));

    private final CommandCatalog catalog = CommandCatalog.builder()
            .add(new Open(), "test").add(new OpsOnly(), "test").add(new Public(), "test").add(new Sealed(), "test")
            .add(new Nobody(), "test").add(new AnyAuthenticated(), "test").build();

    @Test
    void theAnnotationsOfTheHandlerClassDecide() {
        CommandPermissions permissions = CommandPermissions.of(catalog);
        assertTrue(permissions.allows("open", BOB));
        assertTrue(permissions.allows("open", Caller.ANONYMOUS));
        assertTrue(permissions.allows("ops-only", ALICE));
        assertFalse(permissions.allows("ops-only", BOB));
        assertFalse(permissions.allows("ops-only", Caller.ANONYMOUS));
        assertTrue(permissions.allows("public", Caller.ANONYMOUS));
        assertFalse(permissions.allows("sealed", ROOT));
        assertFalse(permissions.allows("nobody", ROOT), "an empty @RolesAllowed names no one");
        assertTrue(permissions.allows("any-authenticated", BOB));
        assertFalse(permissions.allows("any-authenticated", Caller.ANONYMOUS));
        assertFalse(permissions.allows("not-there", ROOT));
        assertEquals(Set.of("ops"), permissions.roleNames());
    }

    @Test
    void anOverrideReplacesWhatTheClassDeclares() {
        CommandPermissions permissions = CommandPermissions.of(catalog, SettingsReader.commandRoles(
                "ops-only=admin;open=ops,admin;public=*"));
        assertFalse(permissions.allows("ops-only", ALICE));
        assertTrue(permissions.allows("ops-only", ROOT));
        assertTrue(permissions.allows("open", ALICE));
        assertFalse(permissions.allows("open", BOB));
        assertTrue(permissions.allows("public", BOB));
        assertFalse(permissions.allows("public", Caller.ANONYMOUS), "* is any authenticated caller");
        assertEquals(Set.of("admin", "ops"), permissions.roleNames());
    }

    @Test
    void anOverrideOfAnUnknownCommandIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CommandPermissions.of(catalog, Map.of("purge", Set.of("admin"))));
        assertTrue(refused.getMessage().startsWith("command-roles names unknown command \"purge\"; known commands: "),
                refused.getMessage());
    }

    @Test
    void badOverridesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SettingsReader.commandRoles("purge"));
        assertThrows(IllegalArgumentException.class, () -> SettingsReader.commandRoles("purge="));
        assertThrows(IllegalArgumentException.class, () -> SettingsReader.commandRoles("purge=a;purge=b"));
        assertEquals(Map.of("Eject the hot dog.", Set.of("ops", "dev")),
                SettingsReader.commandRoles(" Eject the hot dog. = ops, dev ;"));
    }

    @Test
    void aClassWithTwoOfTheAnnotationsIsRefused() {
        CommandCatalog confused = CommandCatalog.builder().add(new Confused(), "test").build();
        CommandLoadException refused = assertThrows(CommandLoadException.class, () -> CommandPermissions.of(confused));
        assertTrue(refused.getMessage().contains("declares more than one of @RolesAllowed, @PermitAll and @DenyAll"),
                refused.getMessage());
    }

    @Test
    void aForbiddenCommandIsAnsweredNotRunAndCounted() throws Exception {
        ServerMetrics metrics = new ServerMetrics(catalog.names());
        try (CommandDispatcher dispatcher = new CommandDispatcher(catalog, ServerSettings.defaults(), metrics,
                CommandPermissions.of(catalog))) {
            LinkedBlockingQueue<Message> replies = new LinkedBlockingQueue<>();
            SessionCommands bob = dispatcher.open("s1", "192.0.2.1", BOB, Optional.empty(), replies::add);
            dispatcher.dispatch(Message.request(5, "ops-only"), System.nanoTime(), bob);
            assertEquals(Message.failure(5, "forbidden: you may not run \"ops-only\""), replies.poll(5, TimeUnit.SECONDS));
            assertEquals(0, OpsOnly.runs);

            SessionCommands alice = dispatcher.open("s2", "192.0.2.2", ALICE, Optional.empty(), replies::add);
            dispatcher.dispatch(Message.request(6, "ops-only"), System.nanoTime(), alice);
            Message ran = replies.poll(5, TimeUnit.SECONDS);
            assertNotNull(ran);
            assertEquals(Message.success(6, "ran for alice"), ran);

            Metrics scraped = Metrics.parse(metrics.scrape().orElseThrow());
            assertEquals(1, scraped.value("ws_commands_replies_total{command=\"ops-only\",outcome=\"forbidden\"}"));
            // The command ran on a worker, which counts its reply just after queueing it.
            String success = "ws_commands_replies_total{command=\"ops-only\",outcome=\"success\"}";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Metrics.parse(metrics.scrape().orElseThrow()).value(success) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, Metrics.parse(metrics.scrape().orElseThrow()).value(success));
        }
    }

    private abstract static class Named implements CommandHandler {

        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String execute(CommandRequest request) {
            return "ran for " + request.caller().name();
        }
    }

    private static final class Open extends Named {
        Open() {
            super("open");
        }
    }

    @RolesAllowed("ops")
    private static final class OpsOnly extends Named {
        static volatile int runs;

        OpsOnly() {
            super("ops-only");
        }

        @Override
        public String execute(CommandRequest request) {
            if (!request.isCallerInRole("ops")) {
                runs++;
            }
            return super.execute(request);
        }
    }

    @PermitAll
    private static final class Public extends Named {
        Public() {
            super("public");
        }
    }

    @DenyAll
    private static final class Sealed extends Named {
        Sealed() {
            super("sealed");
        }
    }

    @RolesAllowed({})
    private static final class Nobody extends Named {
        Nobody() {
            super("nobody");
        }
    }

    @RolesAllowed("**")
    private static final class AnyAuthenticated extends Named {
        AnyAuthenticated() {
            super("any-authenticated");
        }
    }

    @PermitAll
    @DenyAll
    private static final class Confused extends Named {
        Confused() {
            super("confused");
        }
    }
}
