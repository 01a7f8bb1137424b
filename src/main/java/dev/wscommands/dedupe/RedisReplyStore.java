package dev.wscommands.dedupe;

import dev.wscommands.protocol.Message;
import dev.wscommands.protocol.MessageJson;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The replies of a fleet, in a Redis that every server shares (through Lettuce). A run claims its key with
 * {@code SET key R|token|digest NX PX lease}: exactly one server wins it. The lease is short, and extended
 * while the command runs, so that the claim of a server that died expires soon (its command may then run
 * again: at least once, in that case). The run's reply replaces the claim through a compare-and-set script,
 * so only the claim's owner writes it, kept for the window. A resend on another server that finds the claim
 * polls the key, with backoff, until the reply is there or the claim is gone.
 *
 * <p>A call fails at once while Redis cannot be reached (the client does not queue them), and after
 * {@link #CALL_TIMEOUT} when it does not answer; the connection is made again in the background.
 */
public final class RedisReplyStore implements ReplyStore {

    private static final Logger LOG = Logger.getLogger(RedisReplyStore.class.getName());
    static final String PREFIX = "ws-commands:reply:";
    /** How long a claim lives without being extended: the time a dead server's command stays claimed. */
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration LAST_POLL = Duration.ofMillis(250);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final String RUNNING = "R|";
    private static final String FINISHED = "F|";
    /** Replaces the caller's own claim (ARGV[1]) with its reply (ARGV[2]) for ARGV[3] ms. */
    private static final String FINISH = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
    /** Deletes the caller's own claim (ARGV[1]). */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";
    /** Extends the caller's own claim (ARGV[1]) to ARGV[2] ms. */
    private static final String EXTEND = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    /**
     * The Redis client logs every reconnection attempt; the deduplicator says once per outage that the store is
     * unavailable, and once that it is back. Held here: the logging framework keeps loggers only weakly.
     */
    private static final List<Logger> QUIETED = List.of(
            quiet("io.lettuce.core.protocol.ConnectionWatchdog"), quiet("io.lettuce.core.protocol.ReconnectionHandler"));

    private final RedisClient client;
    private final RedisURI uri;
    private final long windowMillis;
    private final ScheduledExecutorService timer;
    /** The claims this server holds, by key: extended until their run ends. */
    private final Map<String, String> claims = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    /** Tokens are unique across the fleet: this store's random prefix, then a count (no SecureRandom per request). */
    private final String tokenPrefix = UUID.randomUUID() + "-";
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong lastConnectAttempt = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;
    private volatile boolean up = true;

    private RedisReplyStore(RedisURI uri, Duration window) {
        this.uri = uri;
        this.windowMillis = window.toMillis();
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(CALL_TIMEOUT))
                .build());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ws-commands-reply-store");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        long every = LEASE.toMillis() / 3;
        timer.scheduleWithFixedDelay(this::extendClaims, every, every, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::probe, RECONNECT.toMillis(), RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
        connect();
    }

    /**
     * The store at {@code location} ({@code redis://} or {@code rediss://} for TLS), with {@code password}
     * (may be {@code null}); the connection is made in the background, and made again whenever it is lost.
     */
    public static RedisReplyStore open(URI location, String password, Duration window) {
        RedisURI uri = RedisURI.create(location);
        if (password != null && !password.isEmpty()) {
            uri.setCredentialsProvider(new StaticCredentialsProvider((String) null, password.toCharArray()));
        }
        uri.setTimeout(CALL_TIMEOUT);
        return new RedisReplyStore(uri, window);
    }

    @Override
    public CompletionStage<Claim> claim(String key, String digest) {
        String token = tokenPrefix + tokens.incrementAndGet();
        String claimed = RUNNING + token + '|' + digest;
        return call(redis -> redis.set(PREFIX + key, claimed, SetArgs.Builder.nx().px(LEASE.toMillis())))
                .thenCompose(ok -> {
                    if ("OK".equals(ok)) {
                        claims.put(key, claimed);
                        return CompletableFuture.completedFuture(new Claim.Claimed(token));
                    }
                    return call(redis -> redis.get(PREFIX + key)).thenCompose(value -> value == null
                            ? claim(key, digest) // expired between the two calls: claim it again
                            : CompletableFuture.completedFuture(parse(value)));
                });
    }

    @Override
    public CompletionStage<Void> finish(String key, String token, String digest, Message reply) {
        String claimed = RUNNING + token + '|' + digest;
        claims.remove(key, claimed);
        String value = FINISHED + digest + '|' + MessageJson.write(reply);
        return call(redis -> redis.<Long>eval(FINISH, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                claimed, value, Long.toString(windowMillis))).thenAccept(written -> {
                    if (written == 0) {
                        LOG.fine(() -> "the claim of a reply had expired before its run ended; not kept");
                    }
                });
    }

    @Override
    public CompletionStage<Void> release(String key, String token) {
        String claimed = claims.remove(key);
        if (claimed == null || !claimed.startsWith(RUNNING + token + '|')) {
            return CompletableFuture.completedFuture(null);
        }
        return call(redis -> redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                claimed)).thenAccept(deleted -> { });
    }

    @Override
    public CompletionStage<Optional<Message>> await(String key, Duration max) {
        CompletableFuture<Optional<Message>> result = new CompletableFuture<>();
        poll(key, System.nanoTime() + max.toNanos(), FIRST_POLL, result);
        return result;
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("redis", up, -1, -1, errors.sum(), calls.sum(), callNanos.sum());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection;
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private void poll(String key, long deadline, Duration delay, CompletableFuture<Optional<Message>> result) {
        call(redis -> redis.get(PREFIX + key)).whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (value == null) {
                result.complete(Optional.empty());
            } else if (parse(value) instanceof Claim.Finished finished) {
                result.complete(Optional.of(finished.reply()));
            } else if (System.nanoTime() >= deadline) {
                result.complete(Optional.empty());
            } else {
                Duration next = delay.multipliedBy(2).compareTo(LAST_POLL) > 0 ? LAST_POLL : delay.multipliedBy(2);
                try {
                    timer.schedule(() -> poll(key, deadline, next, result), delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    result.complete(Optional.empty());
                }
            }
        });
    }

    /** Runs one call on the connection, counting its time, or its failure. */
    private <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        long start = System.nanoTime();
        CompletableFuture<T> result = connected().thenCompose(c -> command.apply(c.async()));
        return result.whenComplete((value, failure) -> {
            if (failure == null) {
                calls.increment();
                callNanos.add(System.nanoTime() - start);
                up = true;
            } else {
                errors.increment();
                up = false;
            }
        });
    }

    /** The connection, or a failed future while there is none; a new attempt at most every second. */
    private CompletableFuture<StatefulRedisConnection<String, String>> connected() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection;
        if (current.isCompletedExceptionally()) {
            connect();
        }
        return current;
    }

    private void connect() {
        long now = System.nanoTime();
        long last = lastConnectAttempt.get();
        if (now - last < RECONNECT.toNanos() || !lastConnectAttempt.compareAndSet(last, now)) {
            return;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> attempt =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        connection = attempt;
        // A Redis that is not there at the start shows as down at once, and the probe keeps trying.
        attempt.whenComplete((made, failure) -> up = failure == null);
    }

    /** While Redis does not answer, asks it every second, so that {@code /health} sees it come back. */
    private void probe() {
        if (!up) {
            call(redis -> redis.ping()).exceptionally(failure -> null);
        }
    }

    private void extendClaims() {
        for (Map.Entry<String, String> claim : claims.entrySet()) {
            call(redis -> redis.<Long>eval(EXTEND, ScriptOutputType.INTEGER, new String[] {PREFIX + claim.getKey()},
                    claim.getValue(), Long.toString(LEASE.toMillis()))).exceptionally(failure -> null);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static Claim parse(String value) {
        if (value.startsWith(FINISHED)) {
            int bar = value.indexOf('|', FINISHED.length());
            return new Claim.Finished(value.substring(FINISHED.length(), bar), MessageJson.read(value.substring(bar + 1)));
        }
        int bar = value.indexOf('|', RUNNING.length());
        return new Claim.Running(value.substring(bar + 1));
    }
}
