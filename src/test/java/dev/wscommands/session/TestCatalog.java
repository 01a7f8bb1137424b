package dev.wscommands.session;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import dev.wscommands.commands.CommandCatalog;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The built-in commands and {@code block}, a blocking command that runs until the test releases it. */
final class TestCatalog {

    static final String BLOCK = "block";

    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    CommandCatalog catalog() {
        return CommandCatalog.builder()
                .addAll(CommandCatalog.builtIn().commands().stream().toList())
                .add(new Block(), "test")
                .build();
    }

    void awaitStarted() throws InterruptedException {
        if (!started.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not start within 5 s");
        }
    }

    private final class Block implements CommandHandler {

        @Override
        public String name() {
            return BLOCK;
        }

        @Override
        public String execute(CommandRequest request) throws InterruptedException {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return "released";
        }
    }
}
