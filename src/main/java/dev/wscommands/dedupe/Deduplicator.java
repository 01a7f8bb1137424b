package dev.wscommands.dedupe;

import dev.wscommands.protocol.Message;
import dev.wscommands.settings.DedupeSettings;
import dev.wscommands.settings.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rule that makes a resent request of a client that named itself run once. Its key is (caller, client ID,
 * RequestID). Within the window a request whose key
 * <ul>
 *   <li>is free runs, and its reply is kept, unless it means "not run" (busy, forbidden, unknown, invalid);</li>
 *   <li>has a reply gets that reply again, and does not run;</li>
 *   <li>is running gets the one reply when that run ends, and does not run;</li>
 *   <li>was used for another command or argument (compared by digest) is refused.</li>
 * </ul>
 * When the store cannot be reached, such a request is answered busy without running; the log says so once per
 * outage.
 */
public final class Deduplicator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deduplicator.class.getName());
    /** How many times a resend waits for a run that ends without a reply before it is answered busy. */
    private static final int MAX_ROUNDS = 3;
    /** A joined resend waits this much longer than the command timeout, for the reply to reach the store. */
    private static final Duration JOIN_SLACK = Duration.ofSeconds(5);
    static final String UNAVAILABLE = "server busy: the reply store is unavailable; retry later";
    static final String STILL_RUNNING = "server busy: the first run of this request has not ended; retry later";

    /** One per thread: looking the algorithm up costs about as much as the digest of a short request. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    });

    private final ReplyStore store;
    private final Duration joinWait;
    private final LongAdder stored = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder takenOver = new LongAdder();
    private final AtomicBoolean down = new AtomicBoolean();

    /**
     * @param store          where claims and replies are kept
     * @param commandTimeout the longest a command runs; a joined resend waits about that long for its reply
     */
    public Deduplicator(ReplyStore store, Duration commandTimeout) {
        this.store = store;
        this.joinWait = commandTimeout.plus(JOIN_SLACK);
    }

    /** The deduplicator that {@code settings} describe: its store in memory, or in Redis. */
    public static Deduplicator open(ServerSettings settings) {
        DedupeSettings dedupe = settings.dedupe();
        ReplyStore store = dedupe.redis().isPresent()
                ? RedisReplyStore.open(dedupe.redis().get(), System.getenv(DedupeSettings.PASSWORD_VARIABLE),
                        dedupe.window())
                : new MemoryReplyStore(dedupe.window(), dedupe.maxEntries(), dedupe.maxBytes());
        return new Deduplicator(store, settings.commandTimeout());
    }

    /** A run's hold on its key: the reply it makes is kept, or the key given up, through it. */
    public record Ticket(String key, String token, String digest) {
    }

    /** What becomes of a request with a client ID. */
    public sealed interface Admission {
    }

    /** Run it, and hand its reply to {@link #replied}. */
    public record Run(Ticket ticket) implements Admission {
    }

    /** Do not run it: answer it with {@code reply}, for the reason {@code how}. */
    public record Answer(Message reply, How how) implements Admission {
    }

    /** Why a request was answered without running. */
    public enum How {
        /** The reply of its finished first run. */
        STORED,
        /** The reply of its first run, which was still running when it came. */
        JOINED,
        /** Its RequestID was used for another request. */
        REUSED,
        /** The store could not be reached, or its first run did not end in time: answered busy. */
        BUSY
    }

    /**
     * Decides about {@code request} of {@code caller}'s client {@code clientId}; {@code then} gets the decision,
     * on this thread or later on the store's (a joined resend: when the first run ends).
     */
    public void admit(String caller, String clientId, Message request, Consumer<Admission> then) {
        attempt(key(caller, clientId, request.requestId()), digest(request), request, then, 1);
    }

    /**
     * The run of {@code ticket} ended with {@code reply}: kept for a resend when {@code keep}, else its key is
     * given up so that a resend runs (a reply that means "not run").
     *
     * @return completes once the store has it, or could not be reached (then the claim expires by itself); never
     *         exceptionally. At once for the memory store
     */
    public CompletionStage<Void> replied(Ticket ticket, Message reply, boolean keep) {
        CompletionStage<Void> done;
        try {
            done = keep ? store.finish(ticket.key(), ticket.token(), ticket.digest(), reply)
                    : store.release(ticket.key(), ticket.token());
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.handle((ignored, failure) -> {
            observe(failure);
            return null;
        });
    }

    /** The store as an operator sees it. */
    public StoreStatus status() {
        return store.status();
    }

    /** Resends answered from a first run's reply: {@code joined} those that came while it ran. */
    public long replays(boolean joinedOnly) {
        return joinedOnly ? joined.sum() : stored.sum();
    }

    /**
     * Requests run here after waiting for another run of theirs whose claim ended without a reply: its server
     * died (the claim expired), or it was not run after all. The first kind may have run twice.
     */
    public long takenOver() {
        return takenOver.sum();
    }

    /** Requests refused because their RequestID was used for another request. */
    public long reuseRefused() {
        return refused.sum();
    }

    @Override
    public void close() {
        store.close();
    }

    private void attempt(String key, String digest, Message request, Consumer<Admission> then, int round) {
        store.claim(key, digest).whenComplete((claim, failure) -> {
            if (!observe(failure)) {
                deliver(then, new Answer(Message.failure(request.requestId(), UNAVAILABLE), How.BUSY));
            } else if (claim instanceof Claim.Claimed claimed) {
                if (round > 1) {
                    takenOver.increment();
                }
                deliver(then, new Run(new Ticket(key, claimed.token(), digest)));
            } else if (!digest.equals(digestOf(claim))) {
                refused.increment();
                deliver(then, new Answer(Message.failure(request.requestId(), "RequestID " + request.requestId()
                        + " was already used by this client for another request"), How.REUSED));
            } else if (claim instanceof Claim.Finished finished) {
                stored.increment();
                deliver(then, new Answer(finished.reply(), How.STORED));
            } else {
                join(key, digest, request, then, round);
            }
        });
    }

    private void join(String key, String digest, Message request, Consumer<Admission> then, int round) {
        store.await(key, joinWait).whenComplete((reply, failure) -> {
            if (!observe(failure)) {
                deliver(then, new Answer(Message.failure(request.requestId(), UNAVAILABLE), How.BUSY));
            } else if (reply.isPresent()) {
                joined.increment();
                deliver(then, new Answer(reply.get(), How.JOINED));
            } else if (round < MAX_ROUNDS) {
                // The key is free again (its run gave it up, or its server died): claim it anew.
                attempt(key, digest, request, then, round + 1);
            } else {
                deliver(then, new Answer(Message.failure(request.requestId(), STILL_RUNNING), How.BUSY));
            }
        });
    }

    /** Logs the start and the end of a store outage, once each; whether the call succeeded. */
    private boolean observe(Throwable failure) {
        if (failure == null) {
            if (down.compareAndSet(true, false)) {
                LOG.info("the reply store answers again: requests with a client ID run again");
            }
            return true;
        }
        if (down.compareAndSet(false, true)) {
            LOG.warning(() -> "the reply store is unavailable, requests with a client ID are answered busy until it"
                    + " answers again: " + describe(failure));
        }
        return false;
    }

    private static void deliver(Consumer<Admission> then, Admission admission) {
        try {
            then.accept(admission);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a request with a client ID could not be handled", e);
        }
    }

    private static String digestOf(Claim claim) {
        return claim instanceof Claim.Finished finished ? finished.digest() : ((Claim.Running) claim).digest();
    }

    /** The key of a request: caller, client ID and RequestID. Neither of the last two holds a ':'. */
    static String key(String caller, String clientId, long requestId) {
        return caller + ':' + clientId + ':' + requestId;
    }

    /** A digest of what the request asks: its command and its argument, each with its length. */
    static String digest(Message request) {
        MessageDigest sha = SHA_256.get();
        byte[] command = request.command().getBytes(StandardCharsets.UTF_8);
        sha.update((command.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(command);
        sha.update(request.someOtherThing().getBytes(StandardCharsets.UTF_8));
        byte[] hash = sha.digest();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
    }
}
