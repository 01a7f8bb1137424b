package dev.wscommands.bench;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What one bench run does.
 *
 * @param url         the command endpoint, {@code ws://host:port/server}
 * @param connections connections opened, each kept busy for the whole run
 * @param inFlight    requests each connection keeps in flight (sent, not yet answered)
 * @param duration    how long the measured part of the run lasts (idle mode: how long connections are held)
 * @param warmup      how long the load runs, unmeasured, before the measured part
 * @param serverPid   the server's process, for its CPU time and memory (Linux {@code /proc}); empty if unknown
 * @param command     the {@code Command} of every request
 * @param argument    the {@code SomeOtherThing} of every request: the command's argument
 * @param clientIds   whether each connection names itself with a random {@code Client-Id}, so that the server
 *                    keeps every reply for a resend
 */
public record LoadPlan(URI url, int connections, int inFlight, Duration duration, Duration warmup,
                       OptionalLong serverPid, String command, String argument, boolean clientIds) {

    /** The built-in command that every run sends unless told otherwise. */
    public static final String DEFAULT_COMMAND = "Eject the hot dog.";
    private static final String ID_FIELD = "{\"RequestID\":";

    public LoadPlan {
        if (connections < 1 || inFlight < 1) {
            throw new IllegalArgumentException("connections and in-flight must be at least 1");
        }
        if (duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (command == null || argument == null) {
            throw new IllegalArgumentException("command and argument must not be null");
        }
    }

    /** A plan that sends the built-in command {@value #DEFAULT_COMMAND} without an argument. */
    public LoadPlan(URI url, int connections, int inFlight, Duration duration, Duration warmup,
                    OptionalLong serverPid) {
        this(url, connections, inFlight, duration, warmup, serverPid, DEFAULT_COMMAND, "");
    }

    /** A plan whose connections name no client. */
    public LoadPlan(URI url, int connections, int inFlight, Duration duration, Duration warmup,
                    OptionalLong serverPid, String command, String argument) {
        this(url, connections, inFlight, duration, warmup, serverPid, command, argument, false);
    }

    /**
     * What follows the RequestID in every request of this plan (in Go's field order, as our own client sends
     * it), so that a request is {@code {"RequestID":}, the id, then this: built once, the tool only adds the id.
     */
    String requestTail() {
        return ",\"Command\":" + JsonLine.quoted(command) + ",\"SomeOtherThing\":" + JsonLine.quoted(argument)
                + ",\"Success\":false}";
    }

    /** The request with {@code id}, as text. */
    String request(long id) {
        return ID_FIELD + id + requestTail();
    }

    /** The text that starts every request, up to its RequestID. */
    static String requestHead() {
        return ID_FIELD;
    }
}
