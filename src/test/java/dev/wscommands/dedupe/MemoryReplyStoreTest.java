package dev.wscommands.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryReplyStoreTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private static Claim claim(ReplyStore store, String key) throws Exception {
        return store.claim(key, "digest").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void finish(ReplyStore store, String key, String text) throws Exception {
        Claim.Claimed claimed = assertInstanceOf(Claim.Claimed.class, claim(store, key));
        store.finish(key, claimed.token(), "digest", Message.success(1, text)).toCompletableFuture().get();
    }

    @Test
    void theEntryBoundEvictsFinishedEntriesButNeverARunningOne() throws Exception {
        try (MemoryReplyStore store = new MemoryReplyStore(WINDOW, 4, 1024 * 1024)) {
            assertInstanceOf(Claim.Claimed.class, claim(store, "running"));
            for (int i = 0; i < 40; i++) {
                finish(store, "done-" + i, "reply " + i);
            }
            assertInstanceOf(Claim.Running.class, claim(store, "running"), "the running entry was evicted");
            int kept = 0;
            for (int i = 0; i < 40; i++) {
                if (claim(store, "done-" + i) instanceof Claim.Finished) {
                    kept++;
                }
            }
            assertTrue(kept <= 4, kept + " finished entries kept, bound 4");
            assertTrue(kept >= 1, "the bound kept none at all");
        }
    }

    @Test
    void theByteBoundCountsTheReplies() throws Exception {
        int maxBytes = 8 * 1024;
        try (MemoryReplyStore store = new MemoryReplyStore(WINDOW, 100_000, maxBytes)) {
            for (int i = 0; i < 50; i++) {
                finish(store, "big-" + i, "x".repeat(2000));
            }
            long bytes = store.status().bytes();
            assertTrue(bytes <= maxBytes, bytes + " bytes kept, bound " + maxBytes);
            assertTrue(store.status().entries() <= 4, store.status().entries() + " entries of about 2 KiB kept");
        }
    }

    @Test
    void aWaiterGetsTheReplyOrHearsThatTheKeyIsFreeAgain() throws Exception {
        try (MemoryReplyStore store = new MemoryReplyStore(WINDOW, 100, 1024 * 1024)) {
            Claim.Claimed first = assertInstanceOf(Claim.Claimed.class, claim(store, "a"));
            var waiter = store.await("a", Duration.ofSeconds(10)).toCompletableFuture();
            store.finish("a", first.token(), "digest", Message.success(1, "done"));
            assertEquals(Optional.of(Message.success(1, "done")), waiter.get(5, TimeUnit.SECONDS));

            Claim.Claimed second = assertInstanceOf(Claim.Claimed.class, claim(store, "b"));
            var released = store.await("b", Duration.ofSeconds(10)).toCompletableFuture();
            store.release("b", second.token());
            assertEquals(Optional.empty(), released.get(5, TimeUnit.SECONDS));
            assertInstanceOf(Claim.Claimed.class, claim(store, "b"));
        }
    }

    @Test
    void onlyTheOwnerOfAClaimWritesItsReply() throws Exception {
        try (MemoryReplyStore store = new MemoryReplyStore(WINDOW, 100, 1024 * 1024)) {
            Claim.Claimed owner = assertInstanceOf(Claim.Claimed.class, claim(store, "k"));
            store.finish("k", "not-the-token", "digest", Message.success(1, "forged"));
            assertInstanceOf(Claim.Running.class, claim(store, "k"));
            store.finish("k", owner.token(), "digest", Message.success(1, "real"));
            assertEquals(Message.success(1, "real"), assertInstanceOf(Claim.Finished.class, claim(store, "k")).reply());
        }
    }
}
