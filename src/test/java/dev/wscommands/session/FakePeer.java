package dev.wscommands.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscommands.protocol.Message;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Peer} without a socket, for the session logic's unit tests: records what the session sends and how it
 * closes, in order, and lets the test decide whether replies fit, when a write started and when replies are
 * flushed.
 */
final class FakePeer implements Peer {

    /** How long {@link #next()} waits for an event that comes from another thread (a command's worker). */
    private static final long WAIT_SECONDS = 5;

    /** The session closed the connection. */
    record Closed(int code, String reason) {
    }

    /** The session closed the connection because its client reads nothing ({@link Peer#closeUnread}). */
    record ClosedUnread(int code, String reason) {
    }

    private final String id;
    private final String address;
    /** Replies ({@link Message}) and the close ({@link Closed}), in the order the session made them. */
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    volatile boolean acceptsReplies = true;
    volatile long writingSince;
    /** Thrown once by the next {@link #writingSince()}, as if the session check ran out of memory there. */
    volatile Error failNextCheck;
    /** While set, a ping blocks until it counts down, as Tomcat's does behind a message still being written. */
    volatile java.util.concurrent.CountDownLatch holdPings;
    final CompletableFuture<Void> failed = new CompletableFuture<>();
    volatile CompletableFuture<Void> flushed = CompletableFuture.completedFuture(null);
    /** Whether this peer asks to be cut one close grace after a close, as Tomcat's does. */
    volatile boolean needsCut;
    final AtomicInteger cuts = new AtomicInteger();

    FakePeer(String id, String address) {
        this.id = id;
        this.address = address;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean send(Message reply) {
        if (!acceptsReplies) {
            return false;
        }
        events.add(reply);
        return true;
    }

    @Override
    public void ping() {
        pings.incrementAndGet();
        java.util.concurrent.CountDownLatch hold = holdPings;
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long writingSince() {
        Error failure = failNextCheck;
        if (failure != null) {
            failNextCheck = null;
            failed.complete(null);
            throw failure;
        }
        return writingSince;
    }

    @Override
    public CompletableFuture<Void> flushed() {
        return flushed;
    }

    @Override
    public void close(int code, String reason) {
        events.add(new Closed(code, reason));
    }

    @Override
    public void closeUnread(int code, String reason) {
        events.add(new ClosedUnread(code, reason));
    }

    @Override
    public boolean needsCut() {
        return needsCut;
    }

    @Override
    public boolean cut() {
        cuts.incrementAndGet();
        return true;
    }

    /** The next event, waiting a few seconds for it. */
    Object next() throws InterruptedException {
        Object event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "nothing sent within " + WAIT_SECONDS + " s");
        return event;
    }

    Message nextReply() throws InterruptedException {
        return assertInstanceOf(Message.class, next());
    }

    void assertClosed(int code, String reason) throws InterruptedException {
        assertEquals(new Closed(code, reason), next());
    }

    void assertClosedUnread(int code, String reason) throws InterruptedException {
        assertEquals(new ClosedUnread(code, reason), next());
    }

    /** Nothing was sent or closed since the last event taken; it does not wait for anything to come. */
    void assertNothingYet() {
        assertNull(events.peek(), "unexpected");
    }
}
