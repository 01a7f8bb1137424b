package dev.wscommands.client;

/**
 * Thrown by {@link CommandClient#send(String)} when {@link ClientSettings#maxPending()} requests already wait for
 * replies: the request was not made. Checked, because a sender faster than the server must decide what to do
 * (wait for a reply, drop the command, or slow down).
 */
public final class PendingLimitException extends Exception {

    private final int limit;

    PendingLimitException(int limit) {
        super(limit + " requests are already waiting for replies");
        this.limit = limit;
    }

    /** The {@code maxPending} setting that was reached. */
    public int limit() {
        return limit;
    }
}
