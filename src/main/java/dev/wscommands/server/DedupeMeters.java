package dev.wscommands.server;

import dev.wscommands.dedupe.Deduplicator;
import dev.wscommands.operations.ReplyStoreMeters;

/** The metrics' view of a {@link Deduplicator} and its store. */
final class DedupeMeters implements ReplyStoreMeters {

    private final Deduplicator deduplicator;
    private final String kind;

    DedupeMeters(Deduplicator deduplicator) {
        this.deduplicator = deduplicator;
        this.kind = deduplicator.status().kind();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public long storedReplays() {
        return deduplicator.replays(false);
    }

    @Override
    public long joinedReplays() {
        return deduplicator.replays(true);
    }

    @Override
    public long reuseRefused() {
        return deduplicator.reuseRefused();
    }

    @Override
    public long takenOver() {
        return deduplicator.takenOver();
    }

    @Override
    public long entries() {
        return deduplicator.status().entries();
    }

    @Override
    public long bytes() {
        return deduplicator.status().bytes();
    }

    @Override
    public long errors() {
        return deduplicator.status().errors();
    }

    @Override
    public long calls() {
        return deduplicator.status().calls();
    }

    @Override
    public long callNanos() {
        return deduplicator.status().callNanos();
    }
}
