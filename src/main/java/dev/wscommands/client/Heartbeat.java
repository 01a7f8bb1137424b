package dev.wscommands.client;

/**
 * The pings of one connection: which one is unanswered, and how many were answered. A connection is dead when a
 * ping is still unanswered at the next tick and nothing else arrived meanwhile either: a pong can queue behind
 * many replies on a busy connection, and those replies prove it alive just as well. Used from one thread only.
 */
final class Heartbeat {

    /** What to do at a tick. */
    enum Tick {
        /** Send ping number {@link #lastPing()}. */
        PING,
        /** A ping is unanswered, but other messages arrived: wait for it. */
        WAIT,
        /** A ping is unanswered and nothing arrived since the last tick. */
        DEAD
    }

    private long lastPing;
    private boolean awaitingPong;
    private int succeeded;

    /**
     * Decides what the tick does; on {@link Tick#PING} the caller sends ping number {@link #lastPing()}.
     *
     * @param heard whether any message arrived since the previous tick
     */
    Tick tick(boolean heard) {
        if (awaitingPong) {
            return heard ? Tick.WAIT : Tick.DEAD;
        }
        awaitingPong = true;
        lastPing++;
        return Tick.PING;
    }

    /** A pong came back; a pong for any other ping (late, or unsolicited) changes nothing. */
    void pong(long ping) {
        if (awaitingPong && ping == lastPing) {
            awaitingPong = false;
            succeeded++;
        }
    }

    /** The number of the latest ping, which the ping carries and its pong echoes. */
    long lastPing() {
        return lastPing;
    }

    /** Whether ping number {@code ping} is the one still unanswered. */
    boolean awaitingPong(long ping) {
        return awaitingPong && ping == lastPing;
    }

    /** How many pings were answered. */
    int succeeded() {
        return succeeded;
    }
}
