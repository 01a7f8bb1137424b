package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wscommands.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests(3);

    @Test
    void holdsAtMostItsCapacity() {
        for (long id = 1; id <= 3; id++) {
            assertNotNull(pending.add(Message.request(id, "heartbeat")));
        }
        assertNull(pending.add(Message.request(4, "heartbeat")));
        assertEquals(3, pending.size());

        pending.remove(2);
        assertNotNull(pending.add(Message.request(5, "heartbeat")));
    }

    @Test
    void removesEachRequestOnce() {
        PendingRequest request = pending.add(Message.request(7, "heartbeat"));
        assertSame(request, pending.remove(7));
        assertNull(pending.remove(7));
        assertFalse(pending.remove(request));
        assertEquals(0, pending.size());
    }

    @Test
    void listsOldestFirst() {
        pending.add(Message.request(9, "c"));
        pending.add(Message.request(3, "a"));
        pending.add(Message.request(5, "b"));
        assertEquals(List.of(3L, 5L, 9L), pending.inOrder().stream().map(PendingRequest::id).toList());
        assertEquals(3, pending.removeAll().size());
        assertEquals(0, pending.size());
    }
}
