package dev.wscommands.cli;

import dev.wscommands.protocol.Message;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** The client's line for one request: {@code RequestID N  RTT  text}, {@code ... Error: ...}, or {@code failed: ...}. */
final class ReplyLine {

    private ReplyLine() {
    }

    /** The line for a request answered with {@code reply}, or ended by {@code failure}, {@code nanos} after it was made. */
    static String of(Message reply, Throwable failure, long nanos) {
        if (reply == null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return "failed: " + (cause instanceof CancellationException ? "cancelled" : cause.getMessage());
        }
        String rtt = String.format("%.1f ms", nanos / 1e6);
        String text = reply.success() ? reply.someOtherThing() : "Error: " + reply.error();
        return "RequestID " + reply.requestId() + "  " + rtt + "  " + text;
    }
}
