package dev.wscommands.dedupe;

import dev.wscommands.protocol.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the claims and replies of requests with a client ID are kept, for the window. Every method returns at
 * once; their stages complete on the store's own threads (or at once, in memory).
 */
public interface ReplyStore extends AutoCloseable {

    /**
     * Claims {@code key} for a run of the request with {@code digest}, atomically: exactly one claim of a free
     * key wins. Fails when the store cannot be reached.
     */
    CompletionStage<Claim> claim(String key, String digest);

    /** Keeps {@code reply} under {@code key} for the window, if {@code token} still holds its claim. */
    CompletionStage<Void> finish(String key, String token, String digest, Message reply);

    /** Gives up the claim that {@code token} holds without a reply (the request was not run). */
    CompletionStage<Void> release(String key, String token);

    /**
     * The reply of the run that holds {@code key}, once it has one; empty when the key is free again (its run
     * was not run after all, or its server died and the claim expired) or after {@code max}.
     */
    CompletionStage<Optional<Message>> await(String key, Duration max);

    /** What {@code /health} and the metrics show of the store. */
    StoreStatus status();

    @Override
    void close();
}
