package dev.wscommands.standalone;

import dev.wscommands.server.SiteHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;

/**
 * Serves {@code webapp/} from the class path, with the {@link SiteHeaders} (charset, {@code nosniff},
 * {@code Referrer-Policy}, and on pages a {@code Content-Security-Policy} that forbids framing). Like a
 * servlet container, it redirects the bare context path ({@code /ws-commands}) to its folder
 * ({@code /ws-commands/}): only there do the page's relative links resolve.
 *
 * <p>Only names made of plain segments with a known file type are looked up, so no request can reach outside
 * {@code webapp/}; anything else is a plain 404, other methods than GET and HEAD a 405.
 */
final class StaticSiteHandler extends HttpHandler {

    private static final String ROOT = "webapp/";
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html",
            "css", "text/css",
            "js", "text/javascript",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain");

    /** The site's files, read once: it is a few kilobytes, and a jar entry is slow to open per request. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public void service(Request request, Response response) throws Exception {
        String contextPath = request.getContextPath();
        if (!contextPath.isEmpty() && request.getRequestURI().equals(contextPath)) {
            String query = request.getQueryString();
            response.sendRedirect(contextPath + "/" + (query == null ? "" : "?" + query));
            return;
        }
        SiteHeaders.common().forEach(response::setHeader);
        String name = request.getDecodedRequestURI().substring(contextPath.length());
        name = name.startsWith("/") ? name.substring(1) : name;
        if (name.isEmpty() || name.endsWith("/")) {
            name += "index.html";
        }
        String type = NAME.matcher(name).matches() ? TYPES.get(extension(name)) : null;
        byte[] bytes = type == null ? null : file(name);
        if (bytes == null) {
            plain(response, 404, "404 Not Found\n");
            return;
        }
        if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
            response.setHeader(Header.Allow, "GET, HEAD");
            plain(response, 405, "405 Method Not Allowed\n");
            return;
        }
        if (SiteHeaders.isPage(type)) {
            SiteHeaders.page(request.getHeader(Header.Host)).forEach(response::setHeader);
        }
        // The files change with each release, at the same names: revalidate rather than cache blindly.
        response.setHeader(Header.CacheControl, "no-cache");
        response.setStatus(200);
        response.setContentType(SiteHeaders.withCharset(type));
        response.setContentLength(bytes.length);
        if (request.getMethod() == Method.GET) {
            response.getOutputStream().write(bytes);
        }
    }

    private static void plain(Response response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file's bytes, or null; only files found are kept, so requests for others cannot fill the map. */
    private byte[] file(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            try (InputStream in = StaticSiteHandler.class.getClassLoader().getResourceAsStream(ROOT + name)) {
                if (in != null) {
                    bytes = in.readAllBytes();
                    files.put(name, bytes);
                }
            } catch (IOException e) {
                return null;
            }
        }
        return bytes;
    }
}
