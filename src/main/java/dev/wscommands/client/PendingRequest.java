package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A request waiting for its reply, with the future its sender holds. */
final class PendingRequest {

    final Message request;
    final CompletableFuture<Message> reply = new CompletableFuture<>();
    /** The connection it was last written to, 0 while never written; used on the client's thread only. */
    int sentOn;
    private volatile ScheduledFuture<?> deadline;

    PendingRequest(Message request) {
        this.request = request;
    }

    long id() {
        return request.requestId();
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    /** Completes the future with {@code answer} and drops the deadline, which would otherwise be kept until due. */
    void answer(Message answer) {
        ScheduledFuture<?> due = deadline;
        if (due != null) {
            due.cancel(false);
        }
        reply.complete(answer);
    }
}
