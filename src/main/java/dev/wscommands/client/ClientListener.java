package dev.wscommands.client;

import java.time.Duration;

/**
 * Hears how a {@link CommandClient}'s connection comes and goes. Every method runs on the client's own thread, so
 * it must return quickly; the defaults do nothing.
 */
public interface ClientListener {

    /** A connection opened; {@code connection} counts the connections opened so far, from 1. */
    default void connected(int connection) {
    }

    /** An open connection was lost: closed by the server, broken, or silent past the pong timeout. */
    default void disconnected(String why) {
    }

    /** The next connection attempt, number {@code attempt} since the last open connection, starts in {@code delay}. */
    default void retrying(int attempt, Duration delay) {
    }

    /** The client gave up, because retrying cannot help; every pending request has failed. */
    default void stopped(String why) {
    }
}
