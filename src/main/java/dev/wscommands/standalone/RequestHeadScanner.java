package dev.wscommands.standalone;

import java.util.Locale;

/**
 * Follows the bytes a client sends on one connection and checks the syntax of every request head (RFC 9112):
 * a request line {@code METHOD SP target SP HTTP/1.x}, then header lines {@code name: value}, then an empty
 * line. Bodies announced by {@code Content-Length} are skipped, and so are bodies in chunks, whose chunk lines
 * are followed (RFC 9112 7.1) so that the next request on the connection is checked too. After a WebSocket
 * upgrade request it stops checking: what follows is frames. A request with a {@code Transfer-Encoding} other
 * than {@code chunked}, or with both it and {@code Content-Length}, is refused (RFC 9112 6.1: the framing of
 * such a request cannot be trusted).
 *
 * <p>Grizzly's parser waits for more bytes when a request line has no spaces or a header has no colon, and so
 * holds such connections open without an answer; this scanner lets the server answer 400 at the first byte
 * that cannot be HTTP (a TLS handshake sent to the plain port fails at its first byte). Not thread-safe: one
 * per connection, fed in order.
 */
final class RequestHeadScanner {

    /** Largest request head accepted, as Grizzly's default. */
    static final int MAX_HEAD_BYTES = 8192;

    /** Longest chunk-size line (size and extensions) or trailer line accepted. */
    static final int MAX_CHUNK_LINE_BYTES = 1024;

    private enum State { LINE_START, METHOD, TARGET, VERSION, LINE_END, HEADER_START, NAME, VALUE, HEADER_END, HEAD_END,
        BODY, PASS,
        /** Chunked body: the size's hex digits, its extensions, the LF after its CR. */
        CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_SIZE_LF,
        /** The CR and LF after a chunk's data. */
        CHUNK_DATA_CR, CHUNK_DATA_LF,
        /** After the last chunk: trailer lines up to an empty one. */
        TRAILER_START, TRAILER_LINE, TRAILER_LF, TRAILER_END_LF }

    private State state = State.LINE_START;
    private int headBytes;
    private final StringBuilder token = new StringBuilder();
    private String headerName;
    private long contentLength;
    private boolean upgradeToWebSocket;
    private boolean chunked;
    private boolean transferEncoding;
    private long bodyLeft;
    /** Bytes of the chunk line or trailer line being read; the size of the chunk announced by it. */
    private int chunkLineBytes;
    private long chunkSize;
    private int chunkDigits;

    /** True once the scanner has stopped checking this connection. */
    boolean passing() {
        return state == State.PASS;
    }

    /** True while no request has started since the last one ended: the connection is between requests. */
    boolean betweenRequests() {
        return state == State.LINE_START && headBytes == 0;
    }

    /**
     * Reads {@code bytes[from..to)}.
     *
     * @return false at the first byte that cannot belong to a well-formed request
     */
    boolean scan(ByteSource bytes, int from, int to) {
        int i = from;
        while (i < to && state != State.PASS) {
            if (state == State.BODY) {
                long skip = Math.min(bodyLeft, to - i);
                bodyLeft -= skip;
                i += (int) skip;
                if (bodyLeft == 0) {
                    if (chunked) {
                        state = State.CHUNK_DATA_CR;
                    } else {
                        startHead();
                    }
                }
                continue;
            }
            int b = bytes.get(i++) & 0xFF;
            if (state.compareTo(State.CHUNK_SIZE) >= 0 ? !nextChunked(b) : !next(b)) {
                return false;
            }
        }
        return true;
    }

    /** A byte source, so the scanner reads Grizzly buffers and arrays alike without copying. */
    interface ByteSource {
        byte get(int index);
    }

    private void startHead() {
        state = State.LINE_START;
        headBytes = 0;
        contentLength = 0;
        upgradeToWebSocket = false;
        chunked = false;
        transferEncoding = false;
        token.setLength(0);
    }

    /** A byte of a chunked body's framing (RFC 9112 7.1): chunk lines, the CRLF after data, the trailer. */
    private boolean nextChunked(int b) {
        switch (state) {
            case CHUNK_SIZE:
                if (++chunkLineBytes > MAX_CHUNK_LINE_BYTES) {
                    return false;
                }
                int digit = Character.digit(b, 16);
                if (digit >= 0) {
                    // 15 hex digits: far past any body, and no overflow.
                    if (++chunkDigits > 15) {
                        return false;
                    }
                    chunkSize = chunkSize * 16 + digit;
                    return true;
                }
                if (chunkDigits == 0) {
                    return false;
                }
                if (b == ';' || b == ' ' || b == '\t') {
                    state = State.CHUNK_EXTENSION;
                    return true;
                }
                return b == '\r' ? chunkSizeEnd(State.CHUNK_SIZE_LF) : b == '\n' && chunkSizeEnd(null);
            case CHUNK_EXTENSION:
                if (++chunkLineBytes > MAX_CHUNK_LINE_BYTES) {
                    return false;
                }
                if (b == '\r') {
                    return chunkSizeEnd(State.CHUNK_SIZE_LF);
                }
                if (b == '\n') {
                    return chunkSizeEnd(null);
                }
                return b == '\t' || (b >= 0x20 && b != 0x7F);
            case CHUNK_SIZE_LF:
                return b == '\n' && chunkSizeEnd(null);
            case CHUNK_DATA_CR:
                if (b == '\n') {
                    startChunk();
                    return true;
                }
                state = State.CHUNK_DATA_LF;
                return b == '\r';
            case CHUNK_DATA_LF:
                if (b != '\n') {
                    return false;
                }
                startChunk();
                return true;
            case TRAILER_START:
                chunkLineBytes = 0;
                if (b == '\r') {
                    state = State.TRAILER_END_LF;
                    return true;
                }
                if (b == '\n') {
                    startHead();
                    return true;
                }
                state = State.TRAILER_LINE;
                return tchar(b);
            case TRAILER_LINE:
                if (++chunkLineBytes > MAX_CHUNK_LINE_BYTES) {
                    return false;
                }
                if (b == '\r') {
                    state = State.TRAILER_LF;
                    return true;
                }
                if (b == '\n') {
                    state = State.TRAILER_START;
                    return true;
                }
                return b == '\t' || (b >= 0x20 && b != 0x7F);
            case TRAILER_LF:
                state = State.TRAILER_START;
                return b == '\n';
            case TRAILER_END_LF:
                if (b != '\n') {
                    return false;
                }
                startHead();
                return true;
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private void startChunk() {
        state = State.CHUNK_SIZE;
        chunkLineBytes = 0;
        chunkSize = 0;
        chunkDigits = 0;
    }

    /**
     * The chunk line ended (at its CR: {@code next} is the state that waits for its LF; at its LF: null): its
     * data follows, or, after the last chunk, the trailer.
     */
    private boolean chunkSizeEnd(State next) {
        if (next != null) {
            state = next;
            return true;
        }
        if (chunkSize == 0) {
            state = State.TRAILER_START;
        } else {
            state = State.BODY;
            bodyLeft = chunkSize;
        }
        return true;
    }

    private boolean next(int b) {
        if (++headBytes > MAX_HEAD_BYTES) {
            return false;
        }
        switch (state) {
            case LINE_START:
                // RFC 9112 2.2: empty lines before a request line are ignored.
                if (b == '\r' || b == '\n') {
                    headBytes = 0;
                    return true;
                }
                state = State.METHOD;
                return tchar(b);
            case METHOD:
                if (b == ' ') {
                    state = State.TARGET;
                    token.setLength(0);
                    return true;
                }
                return tchar(b);
            case TARGET:
                if (b == ' ') {
                    if (token.length() == 0) {
                        return false;
                    }
                    state = State.VERSION;
                    token.setLength(0);
                    return true;
                }
                token.append('x');
                return b > 0x20 && b < 0x7F;
            case VERSION:
                if (b == '\r' || b == '\n') {
                    String version = token.toString();
                    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                        return false;
                    }
                    state = b == '\r' ? State.LINE_END : State.HEADER_START;
                    return true;
                }
                token.append((char) b);
                return token.length() <= 8;
            case LINE_END:
            case HEADER_END:
                if (b != '\n') {
                    return false;
                }
                state = State.HEADER_START;
                return true;
            case HEADER_START:
                if (b == '\r') {
                    state = State.HEAD_END;
                    return true;
                }
                if (b == '\n') {
                    return headEnded();
                }
                // No line folding (obsolete; RFC 9112 5.2 allows rejecting it): a header starts with its name.
                state = State.NAME;
                token.setLength(0);
                token.append((char) b);
                return tchar(b);
            case NAME:
                if (b == ':') {
                    headerName = token.toString().toLowerCase(Locale.ROOT);
                    token.setLength(0);
                    state = State.VALUE;
                    return true;
                }
                if (token.length() < 64) {
                    token.append((char) b);
                }
                return tchar(b);
            case VALUE:
                if (b == '\r' || b == '\n') {
                    if (!headerEnded()) {
                        return false;
                    }
                    state = b == '\r' ? State.HEADER_END : State.HEADER_START;
                    return true;
                }
                if (token.length() < 256) {
                    token.append((char) b);
                }
                // Visible characters, space, tab and (obsolete, still seen) bytes above 0x7F; no other controls.
                return b == '\t' || (b >= 0x20 && b != 0x7F);
            case HEAD_END:
                return b == '\n' && headEnded();
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private boolean headerEnded() {
        String value = token.toString().trim();
        switch (headerName) {
            case "content-length":
                if (!value.matches("\\d{1,18}")) {
                    return false;
                }
                long length = Long.parseLong(value);
                if (contentLength != 0 && contentLength != length) {
                    return false;
                }
                contentLength = length;
                return true;
            case "transfer-encoding":
                // Only chunked, once: anything else leaves the body's end unknown.
                if (transferEncoding || !value.equalsIgnoreCase("chunked")) {
                    return false;
                }
                transferEncoding = true;
                chunked = true;
                return true;
            case "upgrade":
                upgradeToWebSocket |= value.toLowerCase(Locale.ROOT).contains("websocket");
                return true;
            default:
                return true;
        }
    }

    private boolean headEnded() {
        if (chunked && contentLength > 0) {
            return false;
        }
        if (upgradeToWebSocket) {
            state = State.PASS;
        } else if (chunked) {
            startChunk();
        } else if (contentLength > 0) {
            state = State.BODY;
            bodyLeft = contentLength;
        } else {
            startHead();
        }
        return true;
    }

    /** RFC 9110 5.6.2: the characters of a token (methods, header names). */
    private static boolean tchar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}
