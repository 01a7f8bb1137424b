package dev.wscommands.session;

import dev.wscommands.protocol.Message;
import dev.wscommands.settings.ServerSettings;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of replies waiting to be written, per connection ({@code max-queued-reply-bytes}) and for the whole
 * server ({@code max-reply-bytes}), so that neither one connection nor many together can fill the heap with
 * replies their clients do not read. A connection with nothing waiting may always queue its next reply: a
 * client that reads is never refused for what others hold. Thread-safe.
 */
public final class ReplyMemory {

    /** What a reply costs besides its text: the JSON around it and the objects that carry it. */
    private static final int OVERHEAD = 96;

    private final long perConnection;
    private final long total;
    private final AtomicLong used = new AtomicLong();

    public ReplyMemory(ServerSettings settings) {
        this(settings.maxQueuedReplyBytes(), settings.maxReplyBytes());
    }

    ReplyMemory(long perConnection, long total) {
        this.perConnection = perConnection;
        this.total = total;
    }

    /** The bytes {@code reply} counts as while it waits: its text, as sent, and a little more. */
    public static int size(Message reply) {
        return OVERHEAD + reply.command().length() + reply.someOtherThing().length()
                + (reply.error() == null ? 0 : reply.error().length());
    }

    /**
     * Takes {@code bytes} for a connection that holds {@code held} already.
     *
     * @return false, taking nothing, when the connection holds some and this would pass either bound
     */
    public boolean take(long held, long bytes) {
        if (held == 0) {
            used.addAndGet(bytes);
            return true;
        }
        if (held + bytes > perConnection) {
            return false;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > total) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} taken before. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes held by every connection now. */
    public long used() {
        return used.get();
    }
}
