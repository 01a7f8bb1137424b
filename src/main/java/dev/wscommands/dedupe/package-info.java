/**
 * Layer 2, deduplication: a resent request of a client that named itself (a {@code Client-Id}) is answered
 * from its first run. The {@link dev.wscommands.dedupe.Deduplicator} applies the rule, keyed on (caller,
 * client ID, RequestID); a {@link dev.wscommands.dedupe.ReplyStore} keeps the claims and replies, in this
 * server's memory ({@link dev.wscommands.dedupe.MemoryReplyStore}) or in a Redis that a fleet shares
 * ({@link dev.wscommands.dedupe.RedisReplyStore}). Imports only {@code protocol} and {@code settings}.
 */
package dev.wscommands.dedupe;
