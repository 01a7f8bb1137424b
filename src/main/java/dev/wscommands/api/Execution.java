package dev.wscommands.api;

/** Where a {@link CommandHandler} runs. */
public enum Execution {

    /**
     * On the I/O thread that read the request, before it reads the next one. Only for handlers that return in
     * microseconds and never wait (no I/O, no locks held by others): every connection served by that thread
     * waits meanwhile.
     */
    NON_BLOCKING,

    /**
     * On the server's bounded worker pool, within the command timeout. For handlers that do I/O, wait, or take
     * longer than a few microseconds. The default.
     */
    BLOCKING
}
