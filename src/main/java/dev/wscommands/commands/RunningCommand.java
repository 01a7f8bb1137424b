package dev.wscommands.commands;

import dev.wscommands.dedupe.Deduplicator.Ticket;
import dev.wscommands.operations.Outcome;
import dev.wscommands.protocol.Message;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One blocking or asynchronous command in flight. Its work, its timeout and its connection's close race to
 * end it; {@link #end} lets exactly one of them win, so the request gets exactly one reply (or none, when its
 * connection closed first).
 */
final class RunningCommand {

    final Message request;
    final RegisteredCommand command;
    final long arrivedAt;
    /** Where its reply is kept for a resend; {@code null} when its client named no client ID. */
    final Ticket ticket;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Future<?> work;
    private volatile Future<?> timeout;
    private volatile boolean interrupt;

    RunningCommand(Message request, RegisteredCommand command, long arrivedAt, Ticket ticket) {
        this.request = request;
        this.command = command;
        this.arrivedAt = arrivedAt;
        this.ticket = ticket;
    }

    void started(Future<?> work, Future<?> timeout) {
        this.work = work;
        this.timeout = timeout;
        if (ended.get()) {
            // Ended before its futures were known: stop what the end asked to stop.
            cancelFutures(interrupt);
        }
    }

    /**
     * Ends the command, the first call only.
     *
     * @param interrupt whether to cancel its work (timeout, close) rather than only its timer (it finished)
     * @return whether this call ended it
     */
    boolean end(boolean interrupt) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        this.interrupt = interrupt;
        cancelFutures(interrupt);
        return true;
    }

    private void cancelFutures(boolean interrupt) {
        Future<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        Future<?> w = work;
        if (interrupt && w != null) {
            w.cancel(true);
        }
    }

    /** What the metrics call the end of a command that ended in {@code reply}. */
    static Outcome outcomeOf(Message reply) {
        return reply.success() ? Outcome.SUCCESS : Outcome.ERROR;
    }
}
