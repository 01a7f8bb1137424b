package dev.wscommands.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The headers the web console's files are served with, the same standalone and in the WAR: a charset on text
 * types, {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer} on every file, and on
 * pages a {@code Content-Security-Policy} that allows only the page's own scripts, styles and WebSocket
 * endpoint, and forbids framing (the console's Send button must not be clickjacked).
 */
public final class SiteHeaders {

    /** Host header values that may be written into the policy: a name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private SiteHeaders() {
    }

    /**
     * The content type to send for {@code type} as a container or a file name gives it: text types get
     * {@code charset=utf-8} (the console's files are UTF-8) unless they name a charset already.
     */
    public static String withCharset(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        boolean text = lower.startsWith("text/") || lower.startsWith("application/javascript");
        return text && !lower.contains("charset") ? type + "; charset=utf-8" : type;
    }

    /** Headers for every response of the site. */
    public static Map<String, String> common() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        return headers;
    }

    /** Headers for a page (HTML), requested with {@code host} in its {@code Host} header (may be null). */
    public static Map<String, String> page(String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", policy(host));
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }

    /** True for the content type of a page. */
    public static boolean isPage(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html");
    }

    /**
     * The console's policy: its own scripts, styles and images, WebSocket connections to this server only, no
     * plug-ins, no base or form targets elsewhere, and no framing. {@code 'self'} covers {@code ws:} and
     * {@code wss:} of the same host in current browsers; the host itself is named too, for older ones, when the
     * {@code Host} header is a plain host (anything else stays out of the header).
     */
    public static String policy(String host) {
        String connect = host != null && HOST.matcher(host).matches()
                ? "'self' ws://" + host + " wss://" + host
                : "'self'";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src " + connect
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
