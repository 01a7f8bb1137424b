package dev.wscommands.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How the server answers a resent request of a client that named itself (a {@code Client-Id}): from the reply
 * of its first run, kept for {@code window}.
 *
 * @param window     how long a reply is kept for a resend; longer than a client's whole retry horizon
 * @param store      {@value #MEMORY} (this server's memory), or {@code redis://HOST:PORT[/DB]} or
 *                   {@code rediss://HOST:PORT[/DB]} (TLS), a Redis that every server of a fleet shares. A
 *                   password comes from {@value #PASSWORD_VARIABLE} only, never from this text
 * @param maxEntries replies the memory store keeps at most
 * @param maxBytes   bytes of replies the memory store keeps at most
 */
public record DedupeSettings(Duration window, String store, int maxEntries, int maxBytes) {

    public static final String MEMORY = "memory";
    /** The Redis password comes from this environment variable only: a flag or URI would show it. */
    public static final String PASSWORD_VARIABLE = "WS_COMMANDS_DEDUPE_STORE_PASSWORD";
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

    public DedupeSettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(SettingsReader.DEDUPE_WINDOW + " must be positive, was " + window);
        }
        store = store == null || store.isBlank() ? MEMORY : store.strip();
        if (!store.equals(MEMORY)) {
            redisUri(store);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException(SettingsReader.DEDUPE_MAX_ENTRIES + " must be at least 1, was " + maxEntries);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException(SettingsReader.DEDUPE_MAX_BYTES + " must be at least 1024, was " + maxBytes);
        }
    }

    public static DedupeSettings defaults() {
        return new DedupeSettings(DEFAULT_WINDOW, MEMORY, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    /** The Redis the replies are kept in, or empty for the memory store. */
    public Optional<URI> redis() {
        return store.equals(MEMORY) ? Optional.empty() : Optional.of(redisUri(store));
    }

    public DedupeSettings withWindow(Duration value) {
        return new DedupeSettings(value, store, maxEntries, maxBytes);
    }

    public DedupeSettings withStore(String value) {
        return new DedupeSettings(window, value, maxEntries, maxBytes);
    }

    public DedupeSettings withMemoryBounds(int entries, int bytes) {
        return new DedupeSettings(window, store, entries, bytes);
    }

    private static URI redisUri(String text) {
        String name = SettingsReader.DEDUPE_STORE;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be memory, redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be memory, redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]");
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: it may hold the password.
            throw new IllegalArgumentException(name + " must not carry a user or password; give the password in "
                    + PASSWORD_VARIABLE);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
            throw new IllegalArgumentException(name + ": the path must be a database number, like /0");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(name + " takes no query or fragment");
        }
        return uri;
    }
}
