package dev.wscommands.standalone;

import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves {@code webapp/} from the class path. Like a servlet container, it redirects the bare context path
 * ({@code /ws-commands}) to its folder ({@code /ws-commands/}): only there do the page's relative links
 * ({@code console.js}, the endpoint {@code server}) resolve.
 */
final class StaticSiteHandler extends CLStaticHttpHandler {

    StaticSiteHandler() {
        super(StaticSiteHandler.class.getClassLoader(), "/webapp/");
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String contextPath = request.getContextPath();
        if (!contextPath.isEmpty() && request.getRequestURI().equals(contextPath)) {
            String query = request.getQueryString();
            response.sendRedirect(contextPath + "/" + (query == null ? "" : "?" + query));
            return;
        }
        super.service(request, response);
    }
}
