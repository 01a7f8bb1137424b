package dev.wscommands.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.auth.TokenIssuer;
import dev.wscommands.settings.SecuritySettings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import dev.wscommands.commands.CommandLoader;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.standalone.StandaloneSettings;
import dev.wscommands.testing.Counter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The web console in real headless Chromium against the real standalone server. */
class WebConsoleTest {

    private static final String EJECT = "Eject the hot dog.";
    private static final String EJECTED = "The hot dog left the castle as requested.";
    /** Reconnects within half a second, so a restart test does not wait for the default backoff. */
    private static final String FAST_RECONNECT = "?backoff=100ms&backoffMax=500ms";

    @TempDir
    Path profile;

    private StandaloneServer server;
    private HeadlessChromium browser;
    private ConsolePage page;

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start(profile);
        page = new ConsolePage(browser.driver());
    }

    @AfterEach
    void stop(TestInfo test) {
        try {
            browser.screenshots("WebConsoleTest-" + test.getTestMethod().orElseThrow().getName());
        } finally {
            browser.close();
            if (server != null) {
                server.close();
            }
        }
    }

    private void startServer(StandaloneSettings settings) throws IOException {
        server = new StandaloneServer(settings);
        server.start();
    }

    private void open(URI page) {
        browser.driver().get(page.toString());
    }

    /** Starts a server at the root context and opens the page with {@code query} ("" for none) until it is open. */
    private void openOnNewServer(String query) throws IOException {
        startServer(StandaloneSettings.onPort(0));
        open(query.isEmpty() ? server.uri() : server.uri().resolve(query));
        page.awaitState("open");
    }

    @Test
    void sendsThePrefilledCommandAndShowsTheReply() throws IOException {
        openOnNewServer("");
        assertEquals(server.endpoint().toString(), page.endpoint());
        assertEquals(EJECT, page.command());

        page.clickSend();

        String id = page.newestRequestId(EJECT);
        WebElement reply = page.awaitReply(id);
        assertEquals(EJECTED, reply.findElement(By.className("text")).getText());
        assertEquals("answered", page.requestNote(id));
        assertEquals(1, page.count("sent"));
        assertEquals(1, page.awaitCount("answered", 1));
        assertEquals(0, page.count("errors"));
    }

    @Test
    void offersTheServersCommandsAndSendsTheArgument() throws IOException {
        CommandCatalog commands = CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(getClass().getClassLoader()))
                .add(new Echo(), "test")
                .build();
        server = new StandaloneServer(StandaloneSettings.onPort(0), commands);
        server.start();
        open(server.uri());
        page.awaitState("open");

        assertEquals(List.of(EJECT, "heartbeat", "cancel", "echo"), page.commandChoices());
        page.chooseCommand("echo");
        assertEquals("echo", page.command());
        page.typeArgument("hello, console");
        page.clickSend();

        WebElement reply = page.awaitReply(page.newestRequestId("echo \"hello, console\""));
        assertEquals("hello, console", reply.findElement(By.className("text")).getText());
    }

    /** A plug-in command that answers its argument. */
    private static final class Echo implements CommandHandler {

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String execute(CommandRequest request) {
            return request.argument();
        }
    }

    @Test
    void connectsWithTheTokenTypedIntoThePage(@TempDir Path keys) throws IOException {
        Path secret = Files.write(keys.resolve("s.key"), "console-test-secret-0123456789abcdef".getBytes());
        CommandCatalog commands = CommandCatalog.builder().add(new Whoami(), "test").build();
        server = new StandaloneServer(StandaloneSettings.onPort(0), commands,
                SecuritySettings.defaults().withSecretFile(secret));
        server.start();
        open(server.uri().resolve(FAST_RECONNECT));
        page.awaitState("reconnecting");

        page.useToken(TokenIssuer.withSecretFile(secret).issue("alice", List.of("ops"), "groups",
                Duration.ofMinutes(5), Optional.empty(), Optional.empty()));
        page.awaitState("open");
        page.typeAndEnter("whoami");

        WebElement reply = page.awaitReply(page.newestRequestId("whoami"));
        assertEquals("alice [ops]", reply.findElement(By.className("text")).getText());
    }

    private static final class Whoami implements CommandHandler {

        @Override
        public String name() {
            return "whoami";
        }

        @Override
        public String execute(CommandRequest request) {
            return request.caller().name() + " " + request.caller().roles();
        }
    }

    @Test
    void showsTheServersErrorReplyToAnUnknownCommandHighlighted() throws IOException {
        openOnNewServer("");

        page.typeAndEnter("Open the pod bay doors.");

        WebElement reply = page.awaitReply(page.newestRequestId("Open the pod bay doors."));
        String text = reply.findElement(By.className("text")).getText();
        assertTrue(text.startsWith("error: unknown command \"Open the pod bay doors.\""), text);
        assertTrue(reply.getAttribute("class").contains("error"), reply.getAttribute("class"));
        String ordinary = browser.driver().findElement(By.cssSelector("#log li.request")).getCssValue("background-color");
        assertNotEquals(ordinary, reply.getCssValue("background-color"), "error reply is not highlighted");
        assertEquals(1, page.awaitCount("errors", 1));
    }

    @Test
    void recoversAfterTheServerRestartsAndAnswersWhatWasSentWhileDown() throws IOException {
        openOnNewServer(FAST_RECONNECT);
        int port = server.port();
        page.clickSend();
        page.awaitReply(page.newestRequestId(EJECT));

        server.close();
        page.awaitState("reconnecting");
        page.typeAndEnter(EJECT);
        String whileDown = page.newestRequestId(EJECT);
        assertEquals("queued until connected", page.requestNote(whileDown));

        startServer(new StandaloneSettings("127.0.0.1", port, ServerSettings.defaults()));
        page.awaitState("open");

        WebElement reply = page.awaitReply(whileDown);
        assertEquals(EJECTED, reply.findElement(By.className("text")).getText());
        assertEquals(2, page.awaitCount("answered", 2));
        assertEquals(2, page.count("sent"));
    }

    @Test
    void worksUnderAContextPath() throws IOException {
        startServer(StandaloneSettings.onPort(0).withContextPath("/ws-commands"));
        URI uri = server.uri();
        assertEquals("/ws-commands/", uri.getPath());
        // Without the slash, as a person types it: redirected to the folder, as a container does.
        open(uri.resolve("/ws-commands"));
        page.awaitState("open");
        assertEquals(uri.toString(), browser.driver().getCurrentUrl());
        assertEquals("ws://127.0.0.1:" + server.port() + "/ws-commands/server", page.endpoint());

        page.clickSend();

        WebElement reply = page.awaitReply(page.newestRequestId(EJECT));
        assertEquals(EJECTED, reply.findElement(By.className("text")).getText());
    }

    @Test
    void keepsTheConnectionUpWithAnsweredHeartbeats() throws IOException {
        openOnNewServer("?heartbeat=100ms&timeout=2s");

        page.awaitCount("heartbeats", 5);

        assertEquals("open", page.state());
        assertEquals(0, page.count("errors"));
    }

    @Test
    void aRequestResentAfterADisconnectIsAnsweredFromItsFirstRun() throws IOException {
        // The page names itself (?client-id=): its command runs on when the page disconnects, and the resend on
        // the next connection gets that run's reply instead of running it again.
        Counter counter = new Counter(Duration.ofMillis(1500));
        server = new StandaloneServer(StandaloneSettings.onPort(0), CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(getClass().getClassLoader())).add(counter, "test").build());
        server.start();
        open(server.uri());
        page.awaitState("open");
        page.chooseCommand("counter");
        page.clickSend();
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.started() == 1);
        page.clickToggleConnection();
        page.awaitState("closed");
        page.clickToggleConnection();

        WebElement reply = page.awaitReply(page.newestRequestId("counter"));
        assertEquals("count 1", reply.findElement(By.className("text")).getText());
        assertEquals(1, counter.started(), "the resend ran the command again");
    }

    @Test
    void disconnectShowsTheCloseCodeAndConnectOpensAgain() throws IOException {
        openOnNewServer("");

        page.clickToggleConnection();
        page.awaitState("closed");
        assertEquals("closed 1000: disconnected by the user", page.state());

        page.clickToggleConnection();
        page.awaitState("open");
    }
}
