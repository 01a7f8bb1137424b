package dev.wscommands.api;

/**
 * The connection a request came in on, as its command sees it. The built-in {@code cancel} command uses it to
 * stop another request of the same connection; a command can reach no other connection's requests.
 */
@FunctionalInterface
public interface CommandConnection {

    /** The connection of a request made outside a server, such as a plug-in's unit test: nothing runs on it. */
    CommandConnection NONE = requestId -> false;

    /**
     * Stops the command of this connection that is running for {@code requestId}, as its timeout would: a blocking
     * command is interrupted, an asynchronous one's stage cancelled, and the request is answered
     * {@code Success:false}, {@code Error:"cancelled by the client"}.
     *
     * @return whether such a command was running; false for a RequestID this connection never sent or whose
     *         command has finished (a non-blocking command always has, before the next request is read)
     */
    boolean cancel(long requestId);
}
