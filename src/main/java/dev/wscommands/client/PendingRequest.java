package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/** A request waiting for its reply, with the future its sender holds. */
final class PendingRequest {

    final Message request;
    final Reply reply = new Reply();
    /** The connection it was last written to, 0 while never written; used on the client's thread only. */
    int sentOn;
    /** The {@code cancel} request that asks the server to stop it, once its future was cancelled; client's thread. */
    PendingRequest cancel;
    private volatile ScheduledFuture<?> deadline;
    /** Hears that the application cancelled {@link #reply}; set before the future is handed out. */
    private volatile Consumer<PendingRequest> onCancel;

    PendingRequest(Message request) {
        this.request = request;
    }

    /** The future of the reply: cancelling it tells {@code onCancel}, which asks the server to stop the command. */
    final class Reply extends CompletableFuture<Message> {

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Consumer<PendingRequest> heard = onCancel;
            if (cancelled && heard != null) {
                heard.accept(PendingRequest.this);
            }
            return cancelled;
        }
    }

    void onCancel(Consumer<PendingRequest> onCancel) {
        this.onCancel = onCancel;
    }

    long id() {
        return request.requestId();
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    /** Completes the future with {@code answer} and drops the deadline, which would otherwise be kept until due. */
    void answer(Message answer) {
        dropDeadline();
        reply.complete(answer);
    }

    void dropDeadline() {
        ScheduledFuture<?> due = deadline;
        if (due != null) {
            due.cancel(false);
        }
    }
}
