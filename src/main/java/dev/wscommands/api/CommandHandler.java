package dev.wscommands.api;

/**
 * Carries out one named command. One instance serves every request of a server, from many threads at once:
 * implementations must be thread-safe. A {@link java.util.ServiceLoader} plug-in needs a public no-argument
 * constructor.
 *
 * <pre>{@code
 * public final class EchoCommand implements CommandHandler {
 *     public String name() { return "echo"; }
 *     public String execute(CommandRequest request) { return request.argument(); }
 * }
 * }</pre>
 */
public interface CommandHandler {

    /** The exact {@code Command} text this handler answers, for example {@code "Eject the hot dog."}. */
    String name();

    /**
     * Where {@link #execute} runs: {@link Execution#BLOCKING} (the default) on the server's worker pool, or
     * {@link Execution#NON_BLOCKING} on the I/O thread that read the request.
     */
    default Execution execution() {
        return Execution.BLOCKING;
    }

    /**
     * Carries out {@code request}. A blocking handler is interrupted when the command times out or its
     * connection closes.
     *
     * @return the reply's {@code SomeOtherThing}; {@code null} counts as empty
     * @throws CommandFailure to fail with a message for the client
     * @throws Exception      for any other failure: the client sees {@code command failed}, the server logs it
     */
    String execute(CommandRequest request) throws Exception;
}
