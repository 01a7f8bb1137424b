package dev.wscommands.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.standalone.StandaloneServer;
import dev.wscommands.testing.Metrics;
import dev.wscommands.testing.RawWebSocket;
import dev.wscommands.testing.RecordingClient;
import dev.wscommands.testing.RunningServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The execution model against a running server: where commands run, what a failing, slow or flooding command
 * gets back, and that every request gets exactly one reply or its connection's close.
 */
class CommandExecutionTest {

    private static final String EJECT = "Eject the hot dog.";

    @RegisterExtension
    final RunningServer running = new RunningServer();

    private final TestCommands commands = new TestCommands();

    private StandaloneServer start(ServerSettings settings) throws Exception {
        return running.start(settings, commands.catalog());
    }

    private static String request(long id, String command, String argument) {
        return MessageJson.write(new Message(id, command, argument, false, null));
    }

    private static Message next(RecordingClient client) throws InterruptedException {
        return MessageJson.read(client.next());
    }

    @Test
    void aFailingCommandGetsAGenericErrorAndARejectingOneItsOwnAndTheConnectionServesOn() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, "fail", ""));
            Message failed = next(client);
            assertEquals(Message.failure(1, "command failed"), failed);
            assertFalse(MessageJson.write(failed).contains("secret"), "nothing of the exception reaches the client");

            client.send(request(2, "reject", ""));
            assertEquals(Message.failure(2, "rejected as requested"), next(client));

            client.send(request(3, "echo", "still here"));
            assertEquals(Message.success(3, "still here"), next(client));
        }
    }

    @Test
    void aFastCommandPipelinedBehindASlowOneIsAnsweredFirst() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, "sleep", "1000"));
            client.send(request(2, EJECT, ""));
            client.send(request(3, "echo", "quick"));
            assertEquals(2, next(client).requestId());
            assertEquals(Message.success(3, "quick"), next(client));
            assertEquals(Message.success(1, "slept 1000 ms"), next(client));
        }
    }

    @Test
    void slowCommandsOnFortyConnectionsDoNotDelayAnotherConnection() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        List<RawWebSocket> sleepers = new ArrayList<>();
        try (RecordingClient bystander = RecordingClient.connect(server.endpoint())) {
            for (int c = 0; c < 40; c++) {
                RawWebSocket sleeper = RawWebSocket.connect(server.endpoint());
                sleepers.add(sleeper);
                // Enough one-second sleeps to keep the connection's commands in flight for the whole test.
                sleeper.write(RawWebSocket.pipelined(1, 3, id -> request(id, "sleep", "1000")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> commands.running.get() >= 40);
            long[] roundTrips = new long[50];
            for (int i = 0; i < roundTrips.length; i++) {
                long start = System.nanoTime();
                bystander.send(request(i, EJECT, ""));
                assertEquals(i, next(bystander).requestId());
                roundTrips[i] = System.nanoTime() - start;
            }
            assertTrue(commands.running.get() >= 40, "the sleeps were still running throughout");
            Arrays.sort(roundTrips);
            long medianMicros = roundTrips[roundTrips.length / 2] / 1_000;
            long maxMillis = roundTrips[roundTrips.length - 1] / 1_000_000;
            System.out.println("bystander round trips while 40 connections sleep: median " + medianMicros
                    + " us, max " + maxMillis + " ms");
            // Generous: a bystander held up by one sleep would wait a whole second.
            assertTrue(maxMillis < 250, "slowest bystander round trip " + maxMillis + " ms");
        } finally {
            for (RawWebSocket sleeper : sleepers) {
                sleeper.close();
            }
        }
    }

    @Test
    void aCommandPastTheTimeoutIsAnsweredWithATimeoutAndInterrupted() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults().withCommandLimits(Duration.ofMillis(300), 64, 4, 16));
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            long start = System.nanoTime();
            client.send(request(1, "sleep", "20000"));
            assertEquals(Message.failure(1, "command timed out after 300 ms"), next(client));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(commands.firstInterrupt.await(5, TimeUnit.SECONDS), "the handler saw no interruption");

            client.send(request(2, "echo", "after"));
            assertEquals(Message.success(2, "after"), next(client));
            assertEquals(1, Metrics.scrape(server.metrics())
                    .value("ws_commands_replies_total{command=\"sleep\",outcome=\"timeout\"}"));
        }
    }

    @Test
    void anAsynchronousCommandRepliesWhenItsStageCompletesAndIsCancelledOnTimeout() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults().withCommandLimits(Duration.ofMillis(500), 64, 4, 16));
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, "later", "first"));
            assertEquals(Message.failure(1, "command timed out after 500 ms"), next(client));
            assertTrue(commands.stages.get(0).isCancelled(), "the timed-out stage was not cancelled");

            client.send(request(2, "later", "second"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.stages.size() == 2);
            commands.later.complete("done");
            assertEquals(Message.success(2, "done second"), next(client));
        }
    }

    @Test
    void pipeliningAThousandSleepsGetsBusyRepliesAndEveryRequestExactlyOneReply() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        int requests = 1_000;
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            // Long enough that no sleep ends while the burst is read: the limit alone decides.
            client.write(RawWebSocket.pipelined(1, requests, id -> request(id, "sleep", "3000")));
            Map<Long, Message> replies = new HashMap<>();
            int busy = 0;
            while (replies.size() < requests) {
                Message reply = MessageJson.read(client.readText());
                assertEquals(null, replies.put(reply.requestId(), reply), "two replies to " + reply.requestId());
                if (!reply.success()) {
                    assertTrue(reply.error().startsWith("server busy: 64 commands already in flight"), reply.error());
                    busy++;
                }
                assertTrue(commandThreads() <= ServerSettings.DEFAULT_COMMAND_THREADS, "threads unbounded");
            }
            for (long id = 1; id <= requests; id++) {
                assertTrue(replies.containsKey(id), "no reply to " + id);
            }
            System.out.println("1000 pipelined sleeps: " + busy + " busy replies");
            assertTrue(busy >= requests - 2 * 64, "only " + busy + " busy replies");
        }
    }

    @Test
    void aFullWorkerQueueAnswersBusyAtOnce() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults().withCommandLimits(Duration.ofSeconds(30), 64, 1, 0));
        try (RecordingClient first = RecordingClient.connect(server.endpoint());
                RecordingClient second = RecordingClient.connect(server.endpoint())) {
            first.send(request(1, "sleep", "1000"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 1);
            second.send(request(2, "sleep", "1"));
            assertEquals(Message.failure(2, "server busy: too many commands queued; retry later"), next(second));
            assertEquals(Message.success(1, "slept 1000 ms"), next(first));
        }
    }

    @Test
    void cancelAnswersTheCancelledRequestAtOnceAndFreesItsWorkerForABystander() throws Exception {
        // One worker: the bystander's sleep can only run once the cancelled one has let go of it.
        StandaloneServer server = start(ServerSettings.defaults().withCommandLimits(Duration.ofSeconds(30), 64, 1, 16));
        try (RecordingClient client = RecordingClient.connect(server.endpoint());
                RecordingClient bystander = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, "sleep", "5000"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 1);
            long start = System.nanoTime();
            client.send(request(2, "cancel", "1"));
            assertEquals(Message.failure(1, "cancelled by the client"), next(client));
            assertEquals(Message.success(2, "cancelled RequestID 1"), next(client));
            assertTrue(commands.firstInterrupt.await(5, TimeUnit.SECONDS), "the handler saw no interruption");

            bystander.send(request(7, "sleep", "0"));
            assertEquals(Message.success(7, "slept 0 ms"), next(bystander));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 3_000, "cancel and the bystander's command took " + millis + " ms");
            Metrics scrape = Metrics.scrape(server.metrics());
            assertEquals(1, scrape.value("ws_commands_replies_total{command=\"sleep\",outcome=\"cancelled\"}"));
            assertEquals(0, scrape.value("ws_commands_commands_in_flight{command=\"sleep\"}"));
        }
    }

    @Test
    void cancelOfAnAsynchronousCommandCancelsItsStage() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        try (RecordingClient client = RecordingClient.connect(server.endpoint())) {
            client.send(request(1, "later", "x"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.stages.size() == 1);
            client.send(request(2, "cancel", "1"));
            assertEquals(Message.failure(1, "cancelled by the client"), next(client));
            assertEquals(Message.success(2, "cancelled RequestID 1"), next(client));
            assertTrue(commands.stages.get(0).isCancelled(), "the cancelled stage was not cancelled");
        }
    }

    @Test
    void cancelOfAnUnknownFinishedOrOtherConnectionsRequestSaysThereIsNothingToCancel() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        try (RecordingClient client = RecordingClient.connect(server.endpoint());
                RecordingClient other = RecordingClient.connect(server.endpoint())) {
            String nothing = "nothing to cancel: no command is running for RequestID %d on this connection "
                    + "(unknown, or finished already)";
            client.send(request(1, "cancel", "99"));
            assertEquals(Message.failure(1, nothing.formatted(99)), next(client));

            client.send(request(2, "sleep", "0"));
            assertEquals(Message.success(2, "slept 0 ms"), next(client));
            client.send(request(3, "cancel", "2"));
            assertEquals(Message.failure(3, nothing.formatted(2)), next(client));

            other.send(request(5, "sleep", "3000"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 1);
            client.send(request(4, "cancel", "5"));
            assertEquals(Message.failure(4, nothing.formatted(5)), next(client));
            assertEquals(Message.success(5, "slept 3000 ms"), next(other));

            client.send(request(6, "cancel", "six"));
            assertEquals(Message.failure(6, "cancel needs the RequestID to cancel as its argument, a whole number"),
                    next(client));
        }
    }

    @Test
    void aClosedConnectionCancelsItsCommandsAndDropsTheirReplies() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        RawWebSocket client = RawWebSocket.connect(server.endpoint());
        client.write(RawWebSocket.pipelined(1, 3, id -> request(id, "sleep", "20000")));
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 3);
        client.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> commands.interrupted.get() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.scrape(server.metrics())
                .value("ws_commands_replies_total{command=\"sleep\",outcome=\"dropped\"}") == 3);
        assertEquals(0, Metrics.scrape(server.metrics()).value("ws_commands_commands_in_flight{command=\"sleep\"}"));
    }

    @Test
    void repliesRacingTheirConnectionsCloseLeaveNoCommandInFlight() throws Exception {
        // 300 connections each pipeline 64 quick commands and close at once: many workers end a command just as
        // its connection closes, and their reply meets a closed socket. Each must still leave the gauge.
        StandaloneServer server = start(ServerSettings.defaults());
        byte[] burst = RawWebSocket.pipelined(1, 64, id -> request(id, "sleep", "0"));
        byte[] close = RawWebSocket.frame(RawWebSocket.OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8});
        for (int round = 0; round < 6; round++) {
            List<RawWebSocket> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clients.add(RawWebSocket.connect(server.endpoint()));
            }
            for (RawWebSocket client : clients) {
                byte[] both = Arrays.copyOf(burst, burst.length + close.length);
                System.arraycopy(close, 0, both, burst.length, close.length);
                client.write(both);
            }
            for (RawWebSocket client : clients) {
                client.abort();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.sessions().openSessions() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.scrape(server.metrics())
                .value("ws_commands_commands_in_flight{command=\"sleep\"}") == 0);
        assertEquals(0, commands.running.get());
    }

    @Test
    void shutdownWaitsForCommandsInFlightAndSendsTheirRepliesBeforeGoingAway() throws Exception {
        StandaloneServer server = start(ServerSettings.defaults());
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.sendText(request(1, "sleep", "700"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            assertEquals(Message.success(1, "slept 700 ms"), MessageJson.read(client.readText()));
            assertEquals(1001, client.awaitCloseCode());
            closing.get(10, TimeUnit.SECONDS);
            assertEquals(0, commands.interrupted.get(), "a command in flight was interrupted by the shutdown");
        }
    }

    @Test
    void closeReturnsOnlyOnceTheCommandsItInterruptedHaveEnded() throws Exception {
        // No drain: the shutdown interrupts the command at once, which then takes 300 ms to end.
        StandaloneServer server = start(ServerSettings.defaults().withShutdownTimeout(Duration.ZERO));
        try (RawWebSocket client = RawWebSocket.connect(server.endpoint())) {
            client.sendText(request(1, "slow-to-stop", "30000"));
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.running.get() == 1);
            server.close();
            assertEquals(1, commands.interrupted.get(), "the shutdown interrupted the command");
            assertEquals(0, commands.running.get(), "a command still ran after close() returned");
            assertEquals(0, commandThreads(), "command threads alive after close() returned");
        }
    }

    private static long commandThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ws-commands-command-") && !t.getName().contains("timer"))
                .count();
    }
}
