package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to the command server that stays up and answers every request at least once. Requests get
 * increasing {@code RequestID}s and their replies are matched by them. A WebSocket ping every ping interval
 * notices a dead connection; a lost connection is reopened with exponential backoff; every request unanswered
 * when a connection dies is sent again, with its {@code RequestID}, on the next one.
 *
 * <pre>{@code
 * try (CommandClient client = CommandClient.connect(ClientSettings.defaults(uri))) {
 *     Message reply = client.send("Eject the hot dog.").get();
 * }
 * }</pre>
 *
 * <p>Safe for many threads at once. Each client has two threads of its own and, unless it shares one
 * ({@link ClientSettings#withContainer}), a WebSocket container, all released by {@link #close()}. Every future
 * that {@link #send(String)} returns completes on the client's thread, the one that also calls the
 * {@link ClientListener}: keep callbacks short, and use the {@code ...Async} methods of {@link CompletableFuture}
 * for work that may block. The one exception is a future that has already failed when {@code send} returns,
 * because the client was closed.
 */
public final class CommandClient implements AutoCloseable {

    private final ClientSettings settings;
    private final ClientCounters counters = new ClientCounters();
    private final PendingRequests pending;
    private final ConnectionSupervisor supervisor;
    private final AtomicLong lastRequestId;
    /** The client's meters, when a registry was given. */
    private volatile ClientMetrics metrics;

    private CommandClient(ClientSettings settings, ClientListener listener) {
        // A fresh name is drawn here, once per client: every connection of this client carries the same one.
        settings = ClientSettings.FRESH.equals(settings.clientId())
                ? settings.withClientId(UUID.randomUUID().toString()) : settings;
        this.settings = settings;
        this.lastRequestId = new AtomicLong(settings.firstRequestId() - 1);
        this.pending = new PendingRequests(settings.maxPending());
        this.supervisor = new ConnectionSupervisor(settings, listener, counters, pending,
                lastRequestId::incrementAndGet);
    }

    /** Starts a client that connects to {@code settings.endpoint()} now, and again whenever the connection is lost. */
    public static CommandClient connect(ClientSettings settings) {
        return connect(settings, new ClientListener() { });
    }

    /** Like {@link #connect(ClientSettings)}, telling {@code listener} how the connection comes and goes. */
    public static CommandClient connect(ClientSettings settings, ClientListener listener) {
        CommandClient client = new CommandClient(settings, listener);
        client.supervisor.start();
        return client;
    }

    /**
     * Like {@link #connect(ClientSettings, ClientListener)}, and shows the client's {@link #stats()} and
     * {@link #pending()} in {@code registry} until it closes: counters {@code ws.commands.client.sent},
     * {@code .answered}, {@code .resent}, {@code .failed}, {@code .reconnects}, {@code .unmatched} and the gauge
     * {@code ws.commands.client.pending}, tagged {@code server=host:port}.
     *
     * @throws IllegalArgumentException when {@code registry} already shows an open client of the same server
     */
    public static CommandClient connect(ClientSettings settings, ClientListener listener, MeterRegistry registry) {
        CommandClient client = new CommandClient(settings, listener);
        try {
            client.metrics = ClientMetrics.register(client, settings.endpoint(), registry);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        client.supervisor.start();
        return client;
    }

    /** Sends {@code command} with an empty argument; see {@link #send(String, String)}. */
    public CompletableFuture<Message> send(String command) throws PendingLimitException {
        return send(command, "");
    }

    /**
     * The client's name in its handshakes ({@code Client-Id}), with which the server answers a resent request from
     * its first run; empty when the settings said {@link ClientSettings#NONE}.
     */
    public Optional<String> clientId() {
        return ClientSettings.NONE.equals(settings.clientId()) ? Optional.empty() : Optional.of(settings.clientId());
    }

    /**
     * Sends {@code command} with {@code argument} (the request's {@code SomeOtherThing}) as soon as a connection
     * is open. The future completes with the reply, whatever its {@code Success}; it fails with
     * {@link TimeoutException} when no reply came within the request timeout (its message says whether the
     * request was ever sent, and if not why), and with {@link IllegalStateException} when the client is closed or
     * gave up. Cancelling the future ({@code cancel(true)}) forgets the request and, when it is on the wire, asks
     * the server to stop its command (the built-in {@code cancel}).
     *
     * @throws PendingLimitException at once, without making the request, when {@code maxPending} requests are
     *                               already unanswered
     */
    public CompletableFuture<Message> send(String command, String argument) throws PendingLimitException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(argument, "argument");
        String refusal = supervisor.refusal();
        if (refusal != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(refusal));
        }
        PendingRequest request = pending.add(Message.request(lastRequestId.incrementAndGet(), command, argument));
        if (request == null) {
            counters.failed.increment();
            throw new PendingLimitException(settings.maxPending());
        }
        supervisor.submit(request);
        return request.reply;
    }

    /**
     * Cancels every unanswered request, as cancelling each one's future would. Completes once the server has
     * answered every {@code cancel} this sent (at once when none was on the wire), or the connection closed first;
     * wait for it, with a timeout, before {@link #close()} to let the server stop them.
     */
    public CompletableFuture<Void> cancelAll() {
        return supervisor.cancelAll();
    }

    /** Requests sent or waiting to be sent, and not yet answered. */
    public int pending() {
        return pending.size();
    }

    /** What the client did so far. */
    public ClientStats stats() {
        return counters.stats();
    }

    /**
     * Completes when the client ends: normally after {@link #close()}, exceptionally (with the reason) when it gave
     * up because retrying cannot help.
     */
    public CompletableFuture<Void> terminated() {
        return supervisor.terminated().copy();
    }

    /**
     * Closes the connection with 1000 and never reconnects; requests still pending fail. Returns when the
     * client's threads have ended (unless called on one of them). A shared container keeps running. Safe to call
     * more than once.
     */
    @Override
    public void close() {
        supervisor.close();
        ClientMetrics shown = metrics;
        if (shown != null) {
            shown.remove();
        }
    }
}
