package dev.wscommands.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.session.ReplyMemory;
import dev.wscommands.settings.ServerSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link ReplySender} over a {@link FakeRemote} and a clock the test sets: no socket, no container. */
class ReplySenderTest {

    private final FakeRemote remote = new FakeRemote();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<Throwable> failures = new ArrayList<>();
    /** No bound on bytes, but for the tests of that bound. */
    private ReplyMemory memory = memory(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private ReplySender sender(int maxQueued) {
        return new ReplySender(remote, maxQueued, memory, failures::add, clock::get);
    }

    private static ReplyMemory memory(int perConnection, int total) {
        return new ReplyMemory(ServerSettings.defaults().withReplyBytes(perConnection, total));
    }

    private static Message sized(long id, int bytes) {
        return Message.success(id, "x".repeat(bytes - ReplyMemory.size(Message.success(id, ""))));
    }

    private static Message reply(long id) {
        return Message.success(id, "");
    }

    private static List<Message> replies(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(ReplySenderTest::reply).toList();
    }

    @Test
    void sendsRepliesInOrderOneAtATime() {
        ReplySender sender = sender(16);
        for (long id = 1; id <= 3; id++) {
            assertTrue(sender.send(reply(id)));
        }
        assertEquals(List.of(reply(1)), remote.started, "the next send waits for the one before to complete");
        remote.complete();
        remote.complete();
        remote.complete();
        assertEquals(replies(1, 3), remote.started);
        assertEquals(0, remote.overlapping);
    }

    @Test
    void refusesAReplyWhenMaxQueuedAreAlreadyWaiting() {
        ReplySender sender = sender(2);
        assertTrue(sender.send(reply(1)));
        assertTrue(sender.send(reply(2)));
        assertTrue(sender.send(reply(3)));
        assertFalse(sender.send(reply(4)), "reply 1 is being written and 2 and 3 wait: the queue is full");

        remote.complete();
        assertTrue(sender.send(reply(5)), "one left the queue, one fits again");
        remote.complete();
        remote.complete();
        remote.complete();
        assertEquals(List.of(reply(1), reply(2), reply(3), reply(5)), remote.started);
    }

    @Test
    void tellsWhenTheWriteInProgressStartedAndZeroWhenNoneIs() {
        ReplySender sender = sender(16);
        assertEquals(0, sender.writingSince());
        long first = clock.get();
        sender.send(reply(1));
        sender.send(reply(2));
        assertEquals(first, sender.writingSince());

        clock.addAndGet(5_000);
        remote.complete();
        assertEquals(first + 5_000, sender.writingSince(), "the second reply's write started when the first ended");
        remote.complete();
        assertEquals(0, sender.writingSince());
    }

    @Test
    void flushedCompletesOnceEveryReplyQueuedSoFarIsWritten() {
        ReplySender sender = sender(16);
        assertTrue(sender.flushed().isDone(), "nothing to write");
        sender.send(reply(1));
        sender.send(reply(2));
        CompletableFuture<Void> flushed = sender.flushed();
        remote.complete();
        assertFalse(flushed.isDone(), "reply 2 is still to be written");
        sender.send(reply(3));
        remote.complete();
        assertFalse(flushed.isDone(), "reply 3, queued later, is still to be written");
        remote.complete();
        assertTrue(flushed.isDone());
    }

    @Test
    void aFailedWriteDropsTheQueueReportsTheFailureOnceAndCompletesFlushed() {
        ReplySender sender = sender(16);
        sender.send(reply(1));
        sender.send(reply(2));
        sender.send(reply(3));
        CompletableFuture<Void> flushed = sender.flushed();
        IOException broken = new IOException("broken pipe");
        remote.fail(broken);

        assertEquals(List.of(broken), failures);
        assertTrue(flushed.isDone());
        assertEquals(List.of(reply(1)), remote.started, "nothing more is written to a broken connection");
        assertEquals(0, sender.writingSince());
    }

    @Test
    void discardedRepliesAreNeverWritten() {
        ReplySender sender = sender(16);
        sender.send(reply(1));
        sender.send(reply(2));
        sender.send(reply(3));
        CompletableFuture<Void> flushed = sender.flushed();
        sender.discard();
        remote.complete();
        assertEquals(List.of(reply(1)), remote.started);
        assertTrue(flushed.isDone());
    }

    @Test
    void aLongQueueWhoseSendsCompleteAtOnceIsSentByIterationNotRecursion() {
        int count = 100_000;
        ReplySender sender = sender(count);
        sender.send(reply(0));
        for (int id = 1; id < count; id++) {
            sender.send(reply(id));
        }
        // From here the container completes every send inside sendObject, on the sending thread: a sender that
        // started the next send from the completion would nest 100,000 calls deep.
        remote.completesAtOnce = true;
        remote.complete();
        assertEquals(count, remote.started.size());
        assertEquals(reply(count - 1), remote.started.get(count - 1));
        assertEquals(0, remote.pending());
        assertTrue(sender.flushed().isDone());
    }

    @Test
    void refusesAReplyWhoseBytesWouldPassTheConnectionsBoundButNeverTheFirst() {
        memory = memory(10_000, Integer.MAX_VALUE);
        ReplySender sender = sender(1024);
        assertTrue(sender.send(sized(1, 20_000)), "a reply alone is always queued, whatever its size");
        assertFalse(sender.send(sized(2, 100)));
        remote.complete();
        assertEquals(0, memory.used());
        assertTrue(sender.send(sized(3, 6_000)));
        assertTrue(sender.send(sized(4, 4_000)));
        assertFalse(sender.send(sized(5, 100)));
        assertEquals(10_000, memory.used());
    }

    @Test
    void refusesAReplyWhoseBytesWouldPassTheServersBoundUnlessItsConnectionHoldsNone() {
        memory = memory(Integer.MAX_VALUE, 10_000);
        ReplySender hog = sender(1024);
        assertTrue(hog.send(sized(1, 6_000)));
        assertTrue(hog.send(sized(2, 4_000)));
        assertFalse(hog.send(sized(3, 100)), "the server's bound is reached");
        ReplySender reader = new ReplySender(new FakeRemote(), 1024, memory, failures::add, clock::get);
        assertTrue(reader.send(sized(1, 100)), "a connection that holds nothing is not refused for what others hold");
        assertFalse(reader.send(sized(2, 100)));
    }

    @Test
    void everyByteHeldIsGivenBackWhenTheConnectionCloses() {
        memory = memory(Integer.MAX_VALUE, Integer.MAX_VALUE);
        ReplySender discarded = sender(1024);
        discarded.send(sized(1, 5_000));
        discarded.send(sized(2, 5_000));
        CompletableFuture<Void> flushed = discarded.flushed();
        discarded.discard();
        assertEquals(0, memory.used(), "the write in progress too: its transport is not waited for");
        assertTrue(flushed.isDone(), "a shutdown does not wait for a write a closed client never reads");
        remote.complete();
        assertEquals(0, memory.used());
        assertFalse(discarded.send(sized(3, 100)), "nothing is queued on a closed connection");

        ReplySender failed = new ReplySender(remote, 1024, memory, failures::add, clock::get);
        failed.send(sized(1, 5_000));
        failed.send(sized(2, 5_000));
        remote.fail(new IOException("reset"));
        assertEquals(0, memory.used());
    }

    @Test
    void aSendThatThrowsBecauseTheConnectionClosedEndsTheSenderAndHoldsNothing() {
        memory = memory(Integer.MAX_VALUE, Integer.MAX_VALUE);
        FakeRemote closed = new FakeRemote() {
            @Override
            public void sendObject(Object data, jakarta.websocket.SendHandler handler) {
                throw new IllegalStateException("Socket is not connected.");
            }
        };
        ReplySender sender = new ReplySender(closed, 1024, memory, failures::add, clock::get);
        sender.send(sized(1, 5_000));
        assertTrue(sender.flushed().isDone());
        assertEquals(0, memory.used());
        assertEquals(1, failures.size());
        assertEquals(0, sender.writingSince());
        assertFalse(sender.send(sized(2, 100)));
    }
}
