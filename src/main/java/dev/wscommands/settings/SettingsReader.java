package dev.wscommands.settings;


import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link ServerSettings} from named text values: servlet context parameters, command-line flags or
 * environment variables. A missing value keeps its default; an invalid one is refused with a message that
 * names the setting.
 */
public final class SettingsReader {

    // Setting names: servlet context parameters, flags (with "--"), and, upper-cased with "_" and the
    // prefix WS_COMMANDS_, environment variables.
    public static final String MAX_MESSAGE_SIZE = "max-message-size";
    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "max-connections-per-address";
    public static final String ALLOWED_ORIGINS = "allowed-origins";
    public static final String RATE_LIMIT = "rate-limit";
    public static final String PING_INTERVAL = "ping-interval";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String MAX_QUEUED_REPLIES = "max-queued-replies";
    public static final String MAX_QUEUED_REPLY_BYTES = "max-queued-reply-bytes";
    public static final String MAX_REPLY_BYTES = "max-reply-bytes";
    public static final String SEND_TIMEOUT = "send-timeout";
    public static final String SHUTDOWN_TIMEOUT = "shutdown-timeout";
    public static final String COMMAND_TIMEOUT = "command-timeout";
    public static final String MAX_COMMANDS_IN_FLIGHT = "max-commands-in-flight";
    public static final String COMMAND_THREADS = "command-threads";
    public static final String COMMAND_QUEUE = "command-queue";
    public static final String JWT_SECRET_FILE = "jwt-secret-file";
    public static final String JWT_JWKS_FILE = "jwt-jwks-file";
    public static final String JWT_ISSUER = "jwt-issuer";
    public static final String JWT_AUDIENCE = "jwt-audience";
    public static final String JWT_CLOCK_SKEW = "jwt-clock-skew";
    public static final String JWT_ROLES_CLAIM = "jwt-roles-claim";
    public static final String COMMAND_ROLES = "command-roles";
    public static final String DEDUPE_WINDOW = "dedupe-window";
    public static final String DEDUPE_STORE = "dedupe-store";
    public static final String DEDUPE_MAX_ENTRIES = "dedupe-max-entries";
    public static final String DEDUPE_MAX_BYTES = "dedupe-max-bytes";

    /** Every setting name, in the order the documentation lists them. */
    public static final List<String> NAMES = List.of(MAX_MESSAGE_SIZE, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS,
            ALLOWED_ORIGINS, RATE_LIMIT, PING_INTERVAL, IDLE_TIMEOUT, MAX_QUEUED_REPLIES, MAX_QUEUED_REPLY_BYTES,
            MAX_REPLY_BYTES, SEND_TIMEOUT,
            SHUTDOWN_TIMEOUT, COMMAND_TIMEOUT, MAX_COMMANDS_IN_FLIGHT, COMMAND_THREADS, COMMAND_QUEUE,
            DEDUPE_WINDOW, DEDUPE_STORE, DEDUPE_MAX_ENTRIES, DEDUPE_MAX_BYTES);

    /** Every name of a {@link SecuritySettings} setting, in the order the documentation lists them. */
    public static final List<String> SECURITY_NAMES = List.of(JWT_SECRET_FILE, JWT_JWKS_FILE, JWT_ISSUER,
            JWT_AUDIENCE, JWT_CLOCK_SKEW, JWT_ROLES_CLAIM, COMMAND_ROLES);

    /**
     * Of {@code given} names (a WAR's context parameters), those that look like a setting of ours (lower-case
     * words joined by hyphens, no dots: the container's and other libraries' parameters have dots) but are
     * none: a misspelt setting, which would otherwise be ignored without a word.
     */
    public static List<String> unknown(java.util.Collection<String> given) {
        return given.stream().filter(name -> name.matches("[a-z0-9]+(-[a-z0-9]+)*"))
                .filter(name -> !NAMES.contains(name) && !SECURITY_NAMES.contains(name)).sorted().toList();
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    /** The longest duration accepted: far past any sensible limit, and well inside what the timers can count. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private SettingsReader() {
    }

    /**
     * Reads every setting through {@code lookup}, which answers {@code null} for a value not given.
     *
     * @throws IllegalArgumentException naming the setting whose value is invalid
     */
    public static ServerSettings read(Function<String, String> lookup) {
        ServerSettings d = ServerSettings.defaults();
        return new ServerSettings(
                intValue(lookup, MAX_MESSAGE_SIZE, d.maxMessageSize()),
                intValue(lookup, MAX_CONNECTIONS, d.maxConnections()),
                intValue(lookup, MAX_CONNECTIONS_PER_ADDRESS, d.maxConnectionsPerAddress()),
                value(lookup, ALLOWED_ORIGINS).map(SettingsReader::list).orElse(d.allowedOrigins()),
                value(lookup, RATE_LIMIT).filter(v -> !v.equalsIgnoreCase("off")).map(RateLimit::parse),
                durationValue(lookup, PING_INTERVAL, d.pingInterval()),
                durationValue(lookup, IDLE_TIMEOUT, d.idleTimeout()),
                intValue(lookup, MAX_QUEUED_REPLIES, d.maxQueuedReplies()),
                intValue(lookup, MAX_QUEUED_REPLY_BYTES, d.maxQueuedReplyBytes()),
                intValue(lookup, MAX_REPLY_BYTES, d.maxReplyBytes()),
                durationValue(lookup, SEND_TIMEOUT, d.sendTimeout()),
                durationValue(lookup, SHUTDOWN_TIMEOUT, d.shutdownTimeout()),
                durationValue(lookup, COMMAND_TIMEOUT, d.commandTimeout()),
                intValue(lookup, MAX_COMMANDS_IN_FLIGHT, d.maxCommandsInFlight()),
                intValue(lookup, COMMAND_THREADS, d.commandThreads()),
                intValue(lookup, COMMAND_QUEUE, d.commandQueue()),
                new DedupeSettings(durationValue(lookup, DEDUPE_WINDOW, d.dedupe().window()),
                        value(lookup, DEDUPE_STORE).orElse(d.dedupe().store()),
                        intValue(lookup, DEDUPE_MAX_ENTRIES, d.dedupe().maxEntries()),
                        intValue(lookup, DEDUPE_MAX_BYTES, d.dedupe().maxBytes())));
    }

    /**
     * Reads the authentication and authorization settings through {@code lookup}. The key files are only named
     * here; whether they can be used is decided where the keys are loaded.
     *
     * @throws IllegalArgumentException naming the setting whose value is invalid
     */
    public static SecuritySettings readSecurity(Function<String, String> lookup) {
        SecuritySettings d = SecuritySettings.defaults();
        return new SecuritySettings(
                value(lookup, JWT_SECRET_FILE).map(Path::of),
                value(lookup, JWT_JWKS_FILE).map(Path::of),
                value(lookup, JWT_ISSUER),
                value(lookup, JWT_AUDIENCE),
                durationValue(lookup, JWT_CLOCK_SKEW, d.jwtClockSkew()),
                value(lookup, JWT_ROLES_CLAIM).orElse(d.jwtRolesClaim()),
                value(lookup, COMMAND_ROLES).map(SettingsReader::commandRoles).orElse(d.commandRoles()));
    }

    /**
     * Parses {@code NAME=ROLE[,ROLE...]} entries separated by {@code ;} (a repeated flag is joined so). The name
     * ends at the last {@code =}: command names may hold spaces and punctuation, roles hold neither.
     *
     * @throws IllegalArgumentException for an entry without {@code =}, without roles, or for a name given twice
     */
    public static Map<String, Set<String>> commandRoles(String text) {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(COMMAND_ROLES + " must be NAME=ROLE[,ROLE...], was \""
                        + entry.trim() + "\"");
            }
            String name = entry.substring(0, equals).trim();
            Set<String> allowed = new LinkedHashSet<>(list(entry.substring(equals + 1)));
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException(COMMAND_ROLES + ": command \"" + name
                        + "\" needs at least one role, or " + SecuritySettings.ANY_AUTHENTICATED);
            }
            if (roles.putIfAbsent(name, allowed) != null) {
                throw new IllegalArgumentException(COMMAND_ROLES + ": command \"" + name + "\" is given twice");
            }
        }
        return roles;
    }

    /**
     * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}; a bare number is seconds.
     *
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (like 500ms, 30s, 5m, 1h): \"" + text + "\"");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration duration;
        try {
            long amount = Long.parseLong(m.group(1));
            duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (ArithmeticException | NumberFormatException tooLong) {
            duration = null;
        }
        if (duration == null || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("\"" + text.trim() + "\" is longer than the longest duration accepted, "
                    + MAX_DURATION.toHours() + "h");
        }
        return duration;
    }

    private static Optional<String> value(Function<String, String> lookup, String name) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int intValue(Function<String, String> lookup, String name, int fallback) {
        return value(lookup, name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, was \"" + v + "\"");
            }
        }).orElse(fallback);
    }

    private static Duration durationValue(Function<String, String> lookup, String name, Duration fallback) {
        return value(lookup, name).map(v -> {
            try {
                return parseDuration(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
        }).orElse(fallback);
    }
}
