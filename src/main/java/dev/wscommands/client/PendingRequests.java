package dev.wscommands.client;

import dev.wscommands.protocol.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request not yet answered, by {@code RequestID}, at most {@code capacity} of them. Safe for any thread:
 * senders add, the connection's reader removes, the client's thread expires.
 */
final class PendingRequests {

    private final int capacity;
    private final Map<Long, PendingRequest> byId = new ConcurrentHashMap<>();
    // Counts slots taken, so that the capacity holds when many threads add at once.
    private final AtomicInteger size = new AtomicInteger();

    PendingRequests(int capacity) {
        this.capacity = capacity;
    }

    /** Adds {@code request}, or returns {@code null} when {@code capacity} requests are already pending. */
    PendingRequest add(Message request) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return null;
        }
        PendingRequest pending = new PendingRequest(request);
        byId.put(request.requestId(), pending);
        return pending;
    }

    /** Removes and returns the request with {@code requestId}, or {@code null} when none is pending. */
    PendingRequest remove(long requestId) {
        PendingRequest removed = byId.remove(requestId);
        if (removed != null) {
            size.decrementAndGet();
        }
        return removed;
    }

    /** Removes {@code pending}; {@code false} when it was answered or removed before. */
    boolean remove(PendingRequest pending) {
        boolean removed = byId.remove(pending.id(), pending);
        if (removed) {
            size.decrementAndGet();
        }
        return removed;
    }

    /** The pending requests, oldest first. */
    List<PendingRequest> inOrder() {
        List<PendingRequest> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(PendingRequest::id));
        return all;
    }

    /** Removes every pending request and returns them. */
    List<PendingRequest> removeAll() {
        List<PendingRequest> removed = new ArrayList<>();
        for (PendingRequest pending : inOrder()) {
            if (remove(pending)) {
                removed.add(pending);
            }
        }
        return removed;
    }

    int size() {
        return size.get();
    }
}
