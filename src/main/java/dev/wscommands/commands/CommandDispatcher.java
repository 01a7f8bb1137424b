package dev.wscommands.commands;

import dev.wscommands.api.AsyncCommandHandler;
import dev.wscommands.api.Caller;
import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;
import dev.wscommands.dedupe.Deduplicator;
import dev.wscommands.dedupe.Deduplicator.Ticket;
import dev.wscommands.operations.LogLimiter;
import dev.wscommands.operations.Outcome;
import dev.wscommands.operations.ServerMetrics;
import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageFormatException;
import dev.wscommands.settings.ServerSettings;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each request's command and sends its one reply. A command the caller may not run ({@link CommandPermissions})
 * is answered {@code forbidden: ...} and not run. Where a command runs is the handler's
 * {@linkplain CommandHandler#execution() choice}: a non-blocking handler runs inline, on the I/O thread that
 * read the request (the built-in commands: no hand-off on the hot path); a blocking one on the
 * {@link CommandExecutor}'s workers; an asynchronous one starts inline and replies when its stage completes.
 * Blocking and asynchronous commands are bounded per connection ({@code max-commands-in-flight}) and per server
 * (the worker queue), answered with a busy error past either, and cancelled with a timeout error after
 * {@code command-timeout}. Replies of one connection may therefore come back out of order; the
 * {@code RequestID} matches them.
 *
 * <p>A request of a client that named itself (a {@code Client-Id}) that the caller may run then goes through
 * the {@link Deduplicator}: a resend is answered from its first run, and the reply of a run is kept for one.
 * Such a command is not cancelled when its connection closes: it runs on, within the command timeout, for the
 * resend.
 */
public final class CommandDispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class.getName());
    /** An unknown command is echoed in the error reply only this far, so a huge one is not sent back whole. */
    private static final int MAX_ECHOED = 64;
    static final String FAILED = "command failed";
    private static final Runnable NOTHING = () -> { };
    /** The reply to a request whose command the client cancelled (the built-in {@code cancel}). */
    public static final String CANCELLED = "cancelled by the client";

    private final CommandCatalog catalog;
    private final ServerSettings settings;
    private final ServerMetrics metrics;
    private final CommandExecutor executor;
    private final CommandPermissions permissions;
    private final Deduplicator deduplicator;
    /** Denials are the caller's doing: logged, but not so many that a caller could flood the log. */
    private final LogLimiter denials = new LogLimiter(LOG, 20);
    private final String known;

    /** A dispatcher whose commands anyone may run, but as their annotations say. */
    public CommandDispatcher(CommandCatalog catalog, ServerSettings settings, ServerMetrics metrics) {
        this(catalog, settings, metrics, CommandPermissions.of(catalog));
    }

    /** A dispatcher that runs a command only for a caller whom {@code permissions} allow. */
    public CommandDispatcher(CommandCatalog catalog, ServerSettings settings, ServerMetrics metrics,
            CommandPermissions permissions) {
        this(catalog, settings, metrics, permissions, Deduplicator.open(settings));
    }

    /**
     * A dispatcher that runs a command only for a caller whom {@code permissions} allow, and answers the resends
     * of clients that named themselves through {@code deduplicator}.
     */
    public CommandDispatcher(CommandCatalog catalog, ServerSettings settings, ServerMetrics metrics,
            CommandPermissions permissions, Deduplicator deduplicator) {
        this.catalog = catalog;
        this.settings = settings;
        this.metrics = metrics;
        this.permissions = permissions;
        this.deduplicator = deduplicator;
        this.executor = new CommandExecutor(settings);
        this.known = String.join(", ", catalog.names().stream().map(c -> '"' + c + '"').toList());
    }

    /** The commands this dispatcher answers. */
    public Set<String> commands() {
        return catalog.names();
    }

    public CommandCatalog catalog() {
        return catalog;
    }

    /** The rule and store that answer resends of clients that named themselves. */
    public Deduplicator deduplicator() {
        return deduplicator;
    }

    /** The command state of a new connection whose replies go to {@code replies}, which takes every one. */
    public SessionCommands open(String sessionId, Consumer<Message> replies) {
        return open(sessionId, Caller.ANONYMOUS, Optional.empty(), reply -> {
            replies.accept(reply);
            return true;
        });
    }

    /**
     * The command state of a new connection of {@code caller}, named {@code clientId} by the client if it did.
     * {@code replies} queues a reply for the client and says whether it could (false once the connection is
     * closing); a reply it refuses or throws on counts as {@code dropped}.
     */
    public SessionCommands open(String sessionId, Caller caller, Optional<String> clientId,
            Predicate<Message> replies) {
        return open(sessionId, null, caller, clientId, replies);
    }

    /** The same, for a client at {@code address} ({@code null} when unknown), which denials are logged with. */
    public SessionCommands open(String sessionId, String address, Caller caller, Optional<String> clientId,
            Predicate<Message> replies) {
        return new SessionCommands(sessionId, address, caller, clientId, replies, this::cancel);
    }

    /** Runs the command of {@code request}, which arrived at {@code arrivedAt}; its reply goes to the session. */
    public void dispatch(Message request, long arrivedAt, SessionCommands session) {
        RegisteredCommand command = catalog.get(request.command());
        if (command == null) {
            reply(session, request.command(), Message.failure(request.requestId(),
                    "unknown command \"" + abbreviate(request.command()) + "\"; known commands: " + known),
                    Outcome.ERROR, arrivedAt);
            return;
        }
        if (!permissions.allows(command.name(), session.caller)) {
            forbidden(session, command, request, arrivedAt);
            return;
        }
        if (session.clientId.isEmpty()) {
            run(command, request, arrivedAt, session, null);
            return;
        }
        deduplicator.admit(session.caller.name(), session.clientId.get(), request, admission -> {
            if (admission instanceof Deduplicator.Run run) {
                run(command, request, arrivedAt, session, run.ticket());
            } else if (admission instanceof Deduplicator.Answer answer) {
                answered(session, command, answer, arrivedAt);
            }
        });
    }

    /** Runs the command of {@code request}; its reply is kept under {@code ticket} unless that is {@code null}. */
    private void run(RegisteredCommand command, Message request, long arrivedAt, SessionCommands session,
            Ticket ticket) {
        CommandHandler handler = command.handler();
        if (!(handler instanceof AsyncCommandHandler) && handler.execution() == Execution.NON_BLOCKING) {
            Message reply = runInline(command, request, session);
            reply(session, command.name(), reply, RunningCommand.outcomeOf(reply), arrivedAt, ticket, NOTHING);
            return;
        }
        if (session.inFlight() >= settings.maxCommandsInFlight()) {
            busy(session, command, request, arrivedAt, ticket, "server busy: " + settings.maxCommandsInFlight()
                    + " commands already in flight on this connection; retry later");
            return;
        }
        RunningCommand running = new RunningCommand(request, command, arrivedAt, ticket);
        session.running.add(running);
        metrics.inFlight(command.name(), 1);
        Future<?> work = handler instanceof AsyncCommandHandler async
                ? startAsync(async, running, session)
                : executor.submit(logged(running, session, () -> runBlocking(running, session)));
        if (work == null) {
            // The connection may have closed meanwhile and ended (and forgotten) the command already.
            if (running.end(false)) {
                forget(running, session);
            }
            busy(session, command, request, arrivedAt, ticket, "server busy: too many commands queued; retry later");
            return;
        }
        running.started(work, executor.schedule(logged(running, session, () -> timedOut(running, session)),
                settings.commandTimeout()));
    }

    /** The reply to text that could not be decoded. */
    public Message undecodable(MessageFormatException fault) {
        return Message.failure(fault.requestId(), "invalid request: " + fault.getMessage());
    }

    /**
     * The connection closed: cancels its commands and drops their replies, but for the commands of a client that
     * named itself, which run on so that their replies are kept for the client's resend.
     */
    public void closed(SessionCommands session) {
        for (RunningCommand running : List.copyOf(session.running)) {
            if (running.ticket == null && running.end(true)) {
                forget(running, session);
                metrics.replied(running.command.name(), Outcome.DROPPED, running.arrivedAt);
            }
        }
    }

    /** Stops the workers, interrupting any command still running, and closes the reply store. */
    @Override
    public void close() {
        executor.close();
        deduplicator.close();
    }

    private Message runInline(RegisteredCommand command, Message request, SessionCommands session) {
        try {
            return success(request, command.handler().execute(toRequest(request, session)));
        } catch (Exception | LinkageError e) {
            return failure(command, request, session, e);
        }
    }

    private void runBlocking(RunningCommand running, SessionCommands session) {
        Message reply;
        try {
            reply = success(running.request, running.command.handler().execute(toRequest(running.request, session)));
        } catch (Exception | LinkageError e) {
            if (running.end(false)) {
                finish(running, session, failure(running.command, running.request, session, e));
            }
            return;
        }
        if (running.end(false)) {
            finish(running, session, reply);
        }
    }

    private Future<?> startAsync(AsyncCommandHandler handler, RunningCommand running, SessionCommands session) {
        CompletionStage<String> stage;
        try {
            stage = handler.executeAsync(toRequest(running.request, session));
            if (stage == null) {
                throw new IllegalStateException("executeAsync returned null");
            }
        } catch (Exception | LinkageError e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<String> future = stage.toCompletableFuture();
        future.whenComplete((text, failure) -> logged(running, session, () -> {
            if (running.end(false)) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                finish(running, session, failure == null ? success(running.request, text)
                        : failure(running.command, running.request, session, cause));
            }
        }).run());
        return future;
    }

    private void timedOut(RunningCommand running, SessionCommands session) {
        if (running.end(true)) {
            reply(session, running.command.name(), Message.failure(running.request.requestId(),
                    "command timed out after " + describe(settings.commandTimeout())), Outcome.TIMEOUT,
                    running.arrivedAt, running.ticket, () -> forget(running, session));
        }
    }

    /**
     * Queues the reply before the command counts as ended: a draining shutdown waits for exactly that. It
     * counts as ended whatever the send does, so the in-flight gauge and the drain never wait for it for ever.
     */
    private void finish(RunningCommand running, SessionCommands session, Message reply) {
        reply(session, running.command.name(), reply, RunningCommand.outcomeOf(reply), running.arrivedAt,
                running.ticket, () -> forget(running, session));
    }

    /**
     * {@code task} on a worker or the timer, whose {@code Future} would keep what it throws unseen: logged
     * here instead, once, with the command and session it concerns.
     */
    private static Runnable logged(RunningCommand running, SessionCommands session, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, e, () -> "ending command \"" + running.command.name() + "\" in session "
                        + session.sessionId + ", RequestID " + running.request.requestId() + " failed");
            }
        };
    }

    /** Ends the commands of {@code session} running for {@code requestId}, as a timeout would; whether one ran. */
    private boolean cancel(SessionCommands session, long requestId) {
        boolean cancelled = false;
        for (RunningCommand running : session.running) {
            if (running.request.requestId() == requestId && running.end(true)) {
                reply(session, running.command.name(), Message.failure(requestId, CANCELLED), Outcome.CANCELLED,
                        running.arrivedAt, running.ticket, () -> forget(running, session));
                cancelled = true;
            }
        }
        return cancelled;
    }

    private void forget(RunningCommand running, SessionCommands session) {
        metrics.inFlight(running.command.name(), -1);
        session.removed(running);
    }

    private void busy(SessionCommands session, RegisteredCommand command, Message request, long arrivedAt,
            Ticket ticket, String error) {
        reply(session, command.name(), Message.failure(request.requestId(), error), Outcome.BUSY, arrivedAt, ticket,
                NOTHING);
    }

    /** A request answered by the deduplicator without running: a first run's reply, or a refusal. */
    private void answered(SessionCommands session, RegisteredCommand command, Deduplicator.Answer answer,
            long arrivedAt) {
        switch (answer.how()) {
            case BUSY -> reply(session, command.name(), answer.reply(), Outcome.BUSY, arrivedAt);
            case REUSED -> reply(session, command.name(), answer.reply(), Outcome.ERROR, arrivedAt);
            // A replay: counted by the deduplicator, not as a run of the command.
            default -> send(session, answer.reply());
        }
    }

    /**
     * Queues a reply, then runs {@code ended} whatever the send did. With a {@code ticket}, the reply is kept
     * for a resend first (unless it means "not run": busy), and queued once the store has it: a client that saw
     * it finds it on any server, even if this one dies the moment after.
     */
    private void reply(SessionCommands session, String command, Message reply, Outcome outcome, long arrivedAt,
            Ticket ticket, Runnable ended) {
        if (ticket == null) {
            try {
                reply(session, command, reply, outcome, arrivedAt);
            } finally {
                ended.run();
            }
            return;
        }
        deduplicator.replied(ticket, reply, outcome != Outcome.BUSY).whenComplete((kept, failure) -> {
            try {
                reply(session, command, reply, outcome, arrivedAt);
            } finally {
                ended.run();
            }
        });
    }

    /** Names the command, not the roles it needs: who may do what is not the caller's to learn. */
    private void forbidden(SessionCommands session, RegisteredCommand command, Message request, long arrivedAt) {
        denials.log(Level.WARNING, () -> "forbidden: caller " + session.caller.name() + " from " + session.address
                + " may not run \"" + command.name() + "\" (session " + session.sessionId + ", RequestID "
                + request.requestId() + ")");
        reply(session, command.name(), Message.failure(request.requestId(),
                "forbidden: you may not run \"" + command.name() + "\""), Outcome.FORBIDDEN, arrivedAt);
    }

    /** Queues {@code reply}, and counts it with {@code outcome}, or as dropped when it could not be queued. */
    private void reply(SessionCommands session, String command, Message reply, Outcome outcome, long arrivedAt) {
        boolean queued = false;
        try {
            queued = send(session, reply);
        } finally {
            metrics.replied(command, queued ? outcome : Outcome.DROPPED, arrivedAt);
        }
    }

    /** Queues {@code reply} for the client; whether it could. */
    private static boolean send(SessionCommands session, Message reply) {
        try {
            return session.replies.test(reply);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "reply to RequestID " + reply.requestId() + " in session "
                    + session.sessionId + " not sent");
            return false;
        }
    }

    private static Message success(Message request, String text) {
        return Message.success(request.requestId(), text == null ? "" : text);
    }

    /**
     * The reply to a command that threw: a {@link CommandFailure}'s message goes to the client; anything else
     * is logged once, with its stack trace, and the client learns only that the command failed.
     */
    private static Message failure(RegisteredCommand command, Message request, SessionCommands session,
            Throwable thrown) {
        if (thrown instanceof CommandFailure failure) {
            return Message.failure(request.requestId(), failure.getMessage() == null ? FAILED : failure.getMessage());
        }
        LOG.log(Level.WARNING, thrown, () -> "command \"" + command.name() + "\" (" + command.source()
                + ") failed in session " + session.sessionId + ", RequestID " + request.requestId());
        return Message.failure(request.requestId(), FAILED);
    }

    private static CommandRequest toRequest(Message request, SessionCommands session) {
        return new CommandRequest(request.requestId(), request.command(), request.someOtherThing(), session.caller,
                session.connection);
    }

    private static String abbreviate(String command) {
        return command.length() <= MAX_ECHOED ? command : command.substring(0, MAX_ECHOED) + "...";
    }

    private static String describe(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
