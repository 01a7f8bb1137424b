package dev.wscommands.cli;

import dev.wscommands.client.CommandClient;
import dev.wscommands.client.PendingLimitException;
import dev.wscommands.protocol.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code client --stdin}: every line read is one request ({@link ScriptLine}), sent as soon as it is read while
 * fewer than {@code max-pending} are unanswered (reading waits for a reply otherwise), so requests are
 * pipelined and a long script runs at the server's pace. Each reply is printed as it arrives.
 */
final class RequestScript {

    private final CommandClient client;
    private final BufferedReader input;
    private final PrintWriter out;
    /** One permit per request that may be unanswered: the client's own limit, so {@code send} never refuses. */
    private final Semaphore room;
    private final Set<CompletableFuture<Void>> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong succeeded = new AtomicLong();
    private long made;
    private long invalid;

    RequestScript(CommandClient client, BufferedReader input, PrintWriter out, int maxPending) {
        this.client = client;
        this.input = input;
        this.out = out;
        this.room = new Semaphore(maxPending);
    }

    /**
     * Sends every line until the end of the input (or until the client gives up), then waits for every reply:
     * each has its deadline, and a closed client fails the rest, so this ends.
     *
     * @return whether every line was a request answered with {@code Success:true}
     */
    boolean run() throws InterruptedException {
        long number = 0;
        String text;
        while ((text = readLine()) != null && !client.terminated().isDone()) {
            number++;
            ScriptLine line;
            try {
                line = ScriptLine.parse(text);
            } catch (ScriptLine.Invalid e) {
                invalid++;
                out.println("failed: line " + number + ": " + e.getMessage());
                continue;
            }
            if (line != null) {
                send(line);
            }
        }
        CompletableFuture.allOf(outstanding.toArray(CompletableFuture[]::new)).join();
        return invalid == 0 && succeeded.get() == made;
    }

    private String readLine() {
        try {
            return input.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(ScriptLine line) throws InterruptedException {
        room.acquire();
        made++;
        long start = System.nanoTime();
        CompletableFuture<Message> reply;
        try {
            reply = client.send(line.command(), line.argument());
        } catch (PendingLimitException e) {
            // Not while this script is the client's only sender; said, should it ever be shared.
            room.release();
            out.println("failed: " + e.getMessage());
            return;
        }
        CompletableFuture<Void> printed = reply.handle((answer, failure) -> {
            if (answer != null && answer.success()) {
                succeeded.incrementAndGet();
            }
            out.println(ReplyLine.of(answer, failure, System.nanoTime() - start));
            room.release();
            return null;
        });
        outstanding.add(printed);
        printed.thenRun(() -> outstanding.remove(printed));
    }
}
