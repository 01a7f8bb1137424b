package dev.wscommands.client;

/**
 * What a {@link CommandClient} did so far.
 *
 * @param sent       requests written to a connection for the first time
 * @param answered   replies matched to a request
 * @param resent     writes of a request again, on a new connection, after the one it was sent on died
 * @param failed     requests that ended without a successful reply: error replies, timeouts, refusals
 * @param reconnects connections opened after the first
 * @param unmatched  replies that matched no pending request: answered already, timed out, never made, unreadable,
 *                   or refused (over the reply size limit, binary)
 */
public record ClientStats(long sent, long answered, long resent, long failed, long reconnects, long unmatched) {

    /** One line, as the command line prints it. */
    public String summary() {
        return "sent " + sent + ", answered " + answered + ", resent " + resent + ", failed " + failed
                + ", reconnects " + reconnects + ", unmatched " + unmatched;
    }
}
