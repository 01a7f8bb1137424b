package dev.wscommands.operations;

/**
 * What the metrics show of resends answered from a first run, and of the store that keeps the replies. Read
 * at each scrape; every count is since the start.
 */
public interface ReplyStoreMeters {

    /** {@code memory} or {@code redis}: the memory store shows its size, Redis its errors and latency. */
    String kind();

    /** Resends answered from a finished first run. */
    long storedReplays();

    /** Resends answered from a first run that was still running when they came. */
    long joinedReplays();

    /** Requests refused because their RequestID was used for another request. */
    long reuseRefused();

    /** Requests run after waiting for another run whose claim ended without a reply (its server died). */
    long takenOver();

    /** Entries kept (memory). */
    long entries();

    /** Bytes of replies kept (memory). */
    long bytes();

    /** Calls to the store that failed (Redis). */
    long errors();

    /** Calls to the store that answered (Redis). */
    long calls();

    /** The time those calls took in all, in nanoseconds (Redis). */
    long callNanos();
}
