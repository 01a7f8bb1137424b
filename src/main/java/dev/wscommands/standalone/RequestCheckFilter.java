package dev.wscommands.standalone;

import dev.wscommands.protocol.ClientId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Sits right after Grizzly's HTTP codec, in front of Tyrus and the HTTP handlers. On the way in it refuses,
 * with a framed 4xx and a closed connection:
 * <ul>
 *   <li>request targets that are not a plain absolute path: {@code ..} or {@code .} segments, plain or
 *       percent-encoded; an encoded {@code /}, {@code \} or NUL; a broken percent escape (Grizzly would answer
 *       them 500 after an exception);</li>
 *   <li>WebSocket handshakes that RFC 6455 4.1 and 4.2.1 forbid: not {@code GET}, not HTTP/1.1, no valid
 *       {@code Sec-WebSocket-Key} (400), or a {@code Sec-WebSocket-Version} other than 13 (426);</li>
 *   <li>WebSocket handshakes whose {@code Client-Id} (header or {@code client-id} query parameter) is not a
 *       valid client ID (400).</li>
 * </ul>
 * On the way out it sees every response: a 101 takes the connection out of the {@link HttpConnectionGate}; any
 * other answer to a WebSocket handshake (403 for a foreign origin, 503 while shutting down) gets a
 * {@code Content-Length} and closes the connection; the end of any other answer starts its keep-alive time.
 */
final class RequestCheckFilter extends BaseFilter {

    private static final Logger LOG = Logger.getLogger(RequestCheckFilter.class.getName());

    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");

    private final HttpConnectionGate gate;
    /** Set once a connection is a WebSocket session: its reads are frames, not requests, and pass unchecked. */
    private final Attribute<Boolean> upgraded =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(RequestCheckFilter.class.getName() + ".upgraded");
    private final Attribute<Boolean> refused =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(RequestCheckFilter.class.getName() + ".refused");

    RequestCheckFilter(HttpConnectionGate gate) {
        this.gate = gate;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (upgraded.isSet(connection)) {
            return ctx.getInvokeAction();
        }
        if (refused.isSet(connection)) {
            return ctx.getStopAction();
        }
        HttpContent content = ctx.getMessage();
        if (!(content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return ctx.getInvokeAction();
        }
        if (!validTarget(request.getRequestURI())) {
            return refuse(ctx, request, 400, "Bad Request", "invalid request target");
        }
        if (isWebSocket(request)) {
            if (request.getMethod() != Method.GET) {
                return refuse(ctx, request, 400, "Bad Request", "a WebSocket handshake must be a GET request");
            }
            if (request.getProtocol() != Protocol.HTTP_1_1) {
                return refuse(ctx, request, 400, "Bad Request", "a WebSocket handshake must be HTTP/1.1");
            }
            if (!validKey(request.getHeader("Sec-WebSocket-Key"))) {
                return refuse(ctx, request, 400, "Bad Request", "missing or invalid Sec-WebSocket-Key");
            }
            if (!"13".equals(trimmed(request.getHeader("Sec-WebSocket-Version")))) {
                request.getResponse().setHeader("Sec-WebSocket-Version", "13");
                return refuse(ctx, request, 426, "Upgrade Required", "unsupported WebSocket version; this server speaks 13");
            }
            Optional<String> badClientId = ClientId.fromHandshake(request.getHeader(ClientId.HEADER),
                    request.getQueryString()).flatMap(ClientId::problem);
            if (badClientId.isPresent()) {
                return refuse(ctx, request, 400, "Bad Request", badClientId.get());
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        if (!(message instanceof HttpPacket packet) || !(packet.getHttpHeader() instanceof HttpResponsePacket response)) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        if (response.getStatus() == 101) {
            upgraded.set(connection, Boolean.TRUE);
            gate.upgraded(connection);
            return ctx.getInvokeAction();
        }
        boolean last = packet instanceof HttpContent content && content.isLast();
        HttpRequestPacket request = response.getRequest();
        if (request != null && isWebSocket(request) && !refused.isSet(connection)) {
            // A handshake refused by Tyrus or our engine: Tyrus writes the status alone, unframed, and would keep
            // the connection, whose next bytes may well be frames. Frame the answer and close after it.
            if (response.getContentLength() < 0 && !response.isChunked() && !response.isCommitted()) {
                byte[] body = refusalBody(response);
                response.setContentLength(body.length);
                HttpContent.Builder<?> answer = HttpContent.builder(response).last(true);
                if (body.length > 0) {
                    response.setContentType("text/plain; charset=utf-8");
                    answer.content(Buffers.wrap(ctx.getMemoryManager(), body));
                }
                ctx.setMessage(answer.build());
                last = true;
            }
            response.getProcessingState().setKeepAlive(false);
            response.setHeader(Header.Connection, "close");
            if (last) {
                ctx.addCompletionListener(done -> connection.closeSilently());
            }
            return ctx.getInvokeAction();
        }
        if (last) {
            gate.answered(connection);
        }
        return ctx.getInvokeAction();
    }

    private NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, int status, String reason, String why) {
        Connection<?> connection = ctx.getConnection();
        refused.set(connection, Boolean.TRUE);
        LOG.fine(() -> "request from " + connection.getPeerAddress() + " refused with " + status + ": " + why);
        byte[] body = (status + " " + reason + ": " + why + "\n").getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        // Not an upgrade after all: without this, Grizzly writes the answer as the start of one, without its type.
        request.setIgnoreContentModifiers(false);
        response.setStatus(status);
        response.setReasonPhrase(reason);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getProcessingState().setKeepAlive(false);
        response.setHeader(Header.Connection, "close");
        ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build());
        connection.closeSilently();
        return ctx.getStopAction();
    }

    /**
     * The short body of a refused handshake: for a 401, the reason that the engine put in the challenge's
     * {@code error_description}; nothing for the others, whose status says it all.
     */
    private static byte[] refusalBody(HttpResponsePacket response) {
        if (response.getStatus() != 401) {
            return new byte[0];
        }
        String challenge = response.getHeader("WWW-Authenticate");
        Matcher description = challenge == null ? null : ERROR_DESCRIPTION.matcher(challenge);
        String reason = description != null && description.find() ? description.group(1) : "no token";
        return ("401 Unauthorized: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isWebSocket(HttpHeader request) {
        String upgrade = request.getUpgrade();
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** RFC 6455 4.1: the key is 16 random bytes in base64. */
    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An absolute path whose segments, once percent-decoded, are neither {@code .} nor {@code ..}, that encodes
     * no {@code /}, {@code \} or NUL, and that decodes to UTF-8.
     */
    static boolean validTarget(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\\') >= 0) {
            return false;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(path.length());
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            int c = i < path.length() ? path.charAt(i) : '/';
            if (c == '/') {
                byte[] sofar = decoded.toByteArray();
                String segment = new String(sofar, segmentStart, sofar.length - segmentStart, StandardCharsets.ISO_8859_1);
                if (segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                decoded.write('/');
                segmentStart = decoded.size();
                continue;
            }
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return false;
                }
                c = hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2));
                if (c < 0 || c == '/' || c == '\\' || c == 0) {
                    return false;
                }
                i += 2;
            } else if (c > 0x7F) {
                return false;
            }
            decoded.write(c);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        return digit < 0 ? -1024 : digit;
    }
}
