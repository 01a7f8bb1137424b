package dev.wscommands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.settings.SecuritySettings;
import dev.wscommands.settings.ServerSettings;
import dev.wscommands.settings.SettingsReader;
import dev.wscommands.standalone.HttpLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every server setting's default is written once, in {@link ServerSettings}; the WAR's {@code web.xml}, the
 * flags' help and README's limits table repeat it for their readers. Each of those is read here as a value
 * source, every name must be in it, and what {@link SettingsReader} makes of it must be the defaults. Likewise
 * the standalone server's HTTP edge limits, whose defaults are {@link HttpLimits}' own.
 */
class SettingDefaultsTest {

    private static final String REQUEST_HEAD_TIMEOUT = "request-head-timeout";
    private static final String KEEP_ALIVE_TIMEOUT = "keep-alive-timeout";
    private static final String MAX_HTTP_CONNECTIONS = "max-http-connections";
    private static final String MAX_HTTP_CONNECTIONS_PER_ADDRESS = "max-http-connections-per-address";
    /** How the help and README write a default that is an empty value (allowed-origins). */
    private static final String NONE = "none";

    @Test
    void webXmlDeclaresEverySettingAtItsDefault() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document webXml = factory.newDocumentBuilder().parse(Path.of("src/main/war/WEB-INF/web.xml").toFile());
        Map<String, String> params = new HashMap<>();
        NodeList contextParams = webXml.getElementsByTagNameNS("*", "context-param");
        for (int i = 0; i < contextParams.getLength(); i++) {
            Element param = (Element) contextParams.item(i);
            params.put(text(param, "param-name"), text(param, "param-value"));
        }
        assertAllDefaults("web.xml", params);
    }

    @Test
    void everyFlagsHelpShowsItsDefault() {
        Pattern shown = Pattern.compile("\\(default: ([^)]*)\\)\\.?$");
        Map<String, String> defaults = new HashMap<>();
        for (String name : java.util.stream.Stream.concat(SettingsReader.NAMES.stream(),
                SettingsReader.SECURITY_NAMES.stream()).toList()) {
            OptionSpec option = Main.commandLine().getCommandSpec().findOption("--" + name);
            assertNotNull(option, "no flag --" + name);
            String description = String.join(" ", option.description());
            Matcher matcher = shown.matcher(description);
            assertTrue(matcher.find(), "--" + name + " does not end with (default: ...): " + description);
            defaults.put(name, value(matcher.group(1)));
        }
        assertAllDefaults("the flags' help", defaults);
    }

    @Test
    void readmesLimitsTableShowsEveryDefault() throws Exception {
        assertAllDefaults("README's limits table", readmeTable("## Security and limits"));
    }

    @Test
    void theHttpEdgeDefaultsOfTheFlagsAndReadmeAreHttpLimitsOwn() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs();
        ServeCommand serve = (ServeCommand) commandLine.getCommand();
        assertEquals(HttpLimits.defaults(), new HttpLimits(serve.requestHeadTimeout, serve.keepAliveTimeout,
                serve.maxHttpConnections, serve.maxHttpConnectionsPerAddress), "the flags' defaults");

        Map<String, String> readme = readmeTable("### The standalone server's HTTP edge");
        for (String name : List.of(REQUEST_HEAD_TIMEOUT, KEEP_ALIVE_TIMEOUT, MAX_HTTP_CONNECTIONS,
                MAX_HTTP_CONNECTIONS_PER_ADDRESS)) {
            assertTrue(readme.containsKey(name), "README's HTTP edge table does not show " + name);
        }
        assertEquals(HttpLimits.defaults(), new HttpLimits(
                SettingsReader.parseDuration(readme.get(REQUEST_HEAD_TIMEOUT)),
                SettingsReader.parseDuration(readme.get(KEEP_ALIVE_TIMEOUT)),
                Integer.parseInt(readme.get(MAX_HTTP_CONNECTIONS)),
                Integer.parseInt(readme.get(MAX_HTTP_CONNECTIONS_PER_ADDRESS))), "README's HTTP edge table");
    }

    /**
     * The defaults in the table of README's section {@code heading} (up to the next heading), by setting name:
     * in a row, {@code `name` (default} and then anything after a space, ';' or ':'.
     */
    private static Map<String, String> readmeTable(String heading) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README has no section " + heading);
        int end = readme.indexOf("\n#", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, String> defaults = new HashMap<>();
        Matcher row = Pattern.compile("`([a-z-]+)` \\(`?([^`);: ]*)").matcher(section);
        while (row.find()) {
            defaults.putIfAbsent(row.group(1), value(row.group(2)));
        }
        return defaults;
    }

    private static void assertAllDefaults(String source, Map<String, String> values) {
        for (String name : SettingsReader.NAMES) {
            assertTrue(values.containsKey(name), source + " does not show " + name);
        }
        ServerSettings read = SettingsReader.read(values::get);
        assertEquals(ServerSettings.defaults(), read, source + " shows defaults other than ServerSettings' own");
        for (String name : SettingsReader.SECURITY_NAMES) {
            assertTrue(values.containsKey(name), source + " does not show " + name);
        }
        assertEquals(SecuritySettings.defaults(), SettingsReader.readSecurity(values::get),
                source + " shows security defaults other than SecuritySettings' own");
    }

    /** A default as written for a reader, as a setting's value. */
    private static String value(String shown) {
        String value = shown.trim();
        return value.equals(NONE) ? "" : value;
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagNameNS("*", child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
