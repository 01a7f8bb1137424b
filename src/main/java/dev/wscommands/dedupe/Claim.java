package dev.wscommands.dedupe;

import dev.wscommands.protocol.Message;

/** What a {@link ReplyStore} answers to a claim of a key. */
public sealed interface Claim {

    /** The key was free: this run owns it, and only the holder of {@code token} finishes or releases it. */
    record Claimed(String token) implements Claim {
    }

    /** The key's first run, of the request with {@code digest}, is still running. */
    record Running(String digest) implements Claim {
    }

    /** The key's first run, of the request with {@code digest}, ended with {@code reply}. */
    record Finished(String digest, Message reply) implements Claim {
    }
}
