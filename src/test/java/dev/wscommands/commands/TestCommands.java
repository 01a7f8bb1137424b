package dev.wscommands.commands;

import dev.wscommands.api.AsyncCommandHandler;
import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.api.Execution;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commands for the execution tests, as a plug-in would write them: {@code sleep N} blocks N ms and counts the
 * interruptions it sees; {@code echo} answers inline; {@code fail} throws an internal error, {@code reject} a
 * client-visible one; {@code later} is asynchronous and completes only when the test says so.
 */
final class TestCommands {

    static final String SECRET = "internal detail: secret-token-1234";

    final AtomicInteger interrupted = new AtomicInteger();
    final CountDownLatch firstInterrupt = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    final CompletableFuture<String> later = new CompletableFuture<>();
    final java.util.List<CompletableFuture<String>> stages = new java.util.concurrent.CopyOnWriteArrayList<>();

    CommandCatalog catalog() {
        return CommandCatalog.builder()
                .addAll(CommandLoader.fromClassLoader(TestCommands.class.getClassLoader()))
                .add(new Sleep(), "test")
                .add(new Echo(), "test")
                .add(new Fail(), "test")
                .add(new Reject(), "test")
                .add(new Later(), "test")
                .add(new SlowToStop(), "test")
                .build();
    }

    private final class Sleep implements CommandHandler {

        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            long millis = Long.parseLong(request.argument());
            running.incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                firstInterrupt.countDown();
                throw e;
            } finally {
                running.decrementAndGet();
            }
            return "slept " + millis + " ms";
        }
    }

    private static final class Echo implements CommandHandler {

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public Execution execution() {
            return Execution.NON_BLOCKING;
        }

        @Override
        public String execute(CommandRequest request) {
            return request.argument();
        }
    }

    private static final class Fail implements CommandHandler {

        @Override
        public String name() {
            return "fail";
        }

        @Override
        public String execute(CommandRequest request) {
            throw new IllegalStateException(SECRET);
        }
    }

    private static final class Reject implements CommandHandler {

        @Override
        public String name() {
            return "reject";
        }

        @Override
        public String execute(CommandRequest request) {
            throw new CommandFailure("rejected as requested");
        }
    }

    private final class Later implements AsyncCommandHandler {

        @Override
        public String name() {
            return "later";
        }

        @Override
        public CompletionStage<String> executeAsync(CommandRequest request) {
            CompletableFuture<String> stage = later.thenApply(text -> text + " " + request.argument());
            stages.add(stage);
            return stage;
        }
    }

    /** Sleeps as {@code sleep} does, but takes {@link #CLEAN_UP} more to end once interrupted, as a command that cleans up. */
    private final class SlowToStop implements CommandHandler {

        static final long CLEAN_UP = 300;

        @Override
        public String name() {
            return "slow-to-stop";
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            running.incrementAndGet();
            try {
                Thread.sleep(Long.parseLong(request.argument()));
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CLEAN_UP);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                throw e;
            } finally {
                running.decrementAndGet();
            }
            return "slept";
        }
    }
}
