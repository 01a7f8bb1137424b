package dev.wscommands.dedupe;

/**
 * What a {@link ReplyStore} shows an operator.
 *
 * @param kind      {@code memory} or {@code redis}
 * @param up        whether the store answers now
 * @param entries   claims and replies kept (memory; -1 where the store does not count them)
 * @param bytes     bytes of replies kept (memory; -1 where the store does not count them)
 * @param errors    calls to the store that failed, since the start
 * @param calls     calls to the store that answered, since the start
 * @param callNanos the time those calls took in all, in nanoseconds
 */
public record StoreStatus(String kind, boolean up, long entries, long bytes, long errors, long calls,
        long callNanos) {
}
