package dev.wscommands.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The container's asynchronous sender without a socket: records what {@link ReplySender} starts to send and holds
 * each send until the test completes it, or completes it inside {@code sendObject}, as a container may when the
 * socket takes the bytes at once. Not thread-safe: the tests drive it from one thread.
 */
class FakeRemote implements RemoteEndpoint.Async {

    /** Every object whose sending was started, in order. */
    final List<Object> started = new ArrayList<>();
    private final Deque<SendHandler> pending = new ArrayDeque<>();
    /** Sends started while another was still pending: JSR 356 forbids them. */
    int overlapping;
    boolean completesAtOnce;

    @Override
    public void sendObject(Object data, SendHandler handler) {
        if (!pending.isEmpty()) {
            overlapping++;
        }
        started.add(data);
        if (completesAtOnce) {
            handler.onResult(new SendResult());
        } else {
            pending.add(handler);
        }
    }

    /** Completes the oldest pending send. */
    void complete() {
        pending.remove().onResult(new SendResult());
    }

    /** Fails the oldest pending send with {@code failure}. */
    void fail(Throwable failure) {
        pending.remove().onResult(new SendResult(failure));
    }

    int pending() {
        return pending.size();
    }

    @Override
    public long getSendTimeout() {
        return 0;
    }

    @Override
    public void setSendTimeout(long timeoutMillis) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendText(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendObject(Object data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setBatchingAllowed(boolean allowed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean getBatchingAllowed() {
        return false;
    }

    @Override
    public void flushBatch() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendPong(ByteBuffer applicationData) {
        throw new UnsupportedOperationException();
    }
}
