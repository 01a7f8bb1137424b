package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every {@link ClientListener} event, so that a test can wait for each with a timeout. */
final class RecordingListener implements ClientListener {

    /** How long a test waits for any single event before it fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One event: its kind ({@code connected}, {@code disconnected}, {@code retrying}, {@code stopped}). */
    record Event(String kind, String detail, long nanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void connected(int connection) {
        events.add(new Event("connected", Integer.toString(connection), System.nanoTime()));
    }

    @Override
    public void disconnected(String why) {
        events.add(new Event("disconnected", why, System.nanoTime()));
    }

    @Override
    public void retrying(int attempt, Duration delay) {
        events.add(new Event("retrying", attempt + " " + delay.toMillis(), System.nanoTime()));
    }

    @Override
    public void stopped(String why) {
        events.add(new Event("stopped", why, System.nanoTime()));
    }

    /** The next event of {@code kind}, skipping events of other kinds; fails after {@link #TIMEOUT}. */
    Event await(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(event, "no '" + kind + "' event within " + TIMEOUT);
            if (event.kind().equals(kind)) {
                return event;
            }
        }
    }

    /** The next event, whatever its kind; fails after {@link #TIMEOUT}. */
    Event next() throws InterruptedException {
        Event event = events.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        assertNotNull(event, "no event within " + TIMEOUT);
        return event;
    }

    /** Fails if any event arrives within {@code quiet}. */
    void assertNoEventWithin(Duration quiet) throws InterruptedException {
        assertNull(events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS), "unexpected event");
    }

    void clear() {
        events.clear();
    }
}
