package dev.wscommands.client;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's {@link ClientListener} as the client calls it: what a listener throws is logged and changes
 * nothing the client does next (a reconnect, a stop).
 */
final class GuardedListener implements ClientListener {

    private static final Logger LOG = Logger.getLogger(CommandClient.class.getName());

    private final ClientListener listener;

    GuardedListener(ClientListener listener) {
        this.listener = listener;
    }

    @Override
    public void connected(int connection) {
        call("connected", () -> listener.connected(connection));
    }

    @Override
    public void disconnected(String why) {
        call("disconnected", () -> listener.disconnected(why));
    }

    @Override
    public void retrying(int attempt, Duration delay) {
        call("retrying", () -> listener.retrying(attempt, delay));
    }

    @Override
    public void stopped(String why) {
        call("stopped", () -> listener.stopped(why));
    }

    private static void call(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, e, () -> "the client listener's " + callback + " threw; ignored");
        }
    }
}
