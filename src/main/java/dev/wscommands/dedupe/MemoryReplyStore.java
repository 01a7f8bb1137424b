package dev.wscommands.dedupe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.wscommands.protocol.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replies of one server, in its memory (a Caffeine cache): each kept for the window after its run ended,
 * within at most {@code maxEntries} entries and {@code maxBytes} bytes of replies, the least useful finished
 * entry evicted first. A running entry weighs nothing, so it is never evicted while it runs; it ends within
 * the command timeout, which is shorter than the window.
 *
 * <p>Both bounds are one Caffeine weight: an entry weighs its bytes, but at least {@code maxBytes / maxEntries},
 * so no more than {@code maxEntries} entries and no more than {@code maxBytes} bytes fit.
 */
public final class MemoryReplyStore implements ReplyStore {

    /** What a kept entry costs beyond its text: the objects around it, roughly. */
    static final int ENTRY_OVERHEAD = 160;

    private final Cache<String, Entry> entries;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();

    public MemoryReplyStore(Duration window, int maxEntries, int maxBytes) {
        int floor = Math.max(1, maxBytes / maxEntries);
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> entry instanceof Done done ? Math.max(floor, done.bytes) : 0)
                // A claim and its reply are both writes: an entry lives for the window from its run's end.
                .expireAfterWrite(window)
                // Upkeep on the calling thread: a few map operations, and the bounds hold when a call returns.
                .executor(Runnable::run)
                .removalListener((String key, Entry entry, RemovalCause cause) -> {
                    if (entry instanceof Done done) {
                        bytes.addAndGet(-done.bytes);
                    } else if (entry instanceof Running running && cause != RemovalCause.REPLACED) {
                        running.done.complete(Optional.empty());
                    }
                })
                .build();
    }

    @Override
    public CompletionStage<Claim> claim(String key, String digest) {
        // Unique within this store is enough: the token never leaves this server (no SecureRandom per request).
        Running fresh = new Running(digest, Long.toString(tokens.incrementAndGet()), new CompletableFuture<>());
        Entry existing = entries.asMap().putIfAbsent(key, fresh);
        Claim claim;
        if (existing == null) {
            claim = new Claim.Claimed(fresh.token);
        } else if (existing instanceof Done done) {
            claim = new Claim.Finished(done.digest, done.reply);
        } else {
            claim = new Claim.Running(((Running) existing).digest);
        }
        return CompletableFuture.completedFuture(claim);
    }

    @Override
    public CompletionStage<Void> finish(String key, String token, String digest, Message reply) {
        Running[] owner = new Running[1];
        Done done = new Done(digest, reply, size(key, reply));
        entries.asMap().computeIfPresent(key, (k, entry) -> {
            if (entry instanceof Running running && running.token.equals(token)) {
                owner[0] = running;
                bytes.addAndGet(done.bytes);
                return done;
            }
            return entry;
        });
        if (owner[0] != null) {
            owner[0].done.complete(Optional.of(reply));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> release(String key, String token) {
        // The removal listener tells the waiters that the key is free.
        entries.asMap().computeIfPresent(key,
                (k, entry) -> entry instanceof Running running && running.token.equals(token) ? null : entry);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<Message>> await(String key, Duration max) {
        Entry entry = entries.getIfPresent(key);
        if (entry instanceof Done done) {
            return CompletableFuture.completedFuture(Optional.of(done.reply));
        }
        if (entry instanceof Running running) {
            return running.done.copy().completeOnTimeout(Optional.empty(), max.toNanos(), TimeUnit.NANOSECONDS);
        }
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("memory", true, entries.estimatedSize(), bytes.get(), 0, 0, 0);
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }

    /** About the bytes an entry holds: its key, its reply's text and the objects around them. */
    private static int size(String key, Message reply) {
        long size = ENTRY_OVERHEAD + key.length() + reply.someOtherThing().length()
                + (reply.error() == null ? 0 : reply.error().length());
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private sealed interface Entry permits Running, Done {
    }

    private record Running(String digest, String token, CompletableFuture<Optional<Message>> done) implements Entry {
    }

    private record Done(String digest, Message reply, int bytes) implements Entry {
    }
}
