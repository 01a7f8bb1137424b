package dev.wscommands.cli;

import dev.wscommands.auth.TokenIssuer;
import dev.wscommands.settings.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints an HS256 token signed with a server's {@code --jwt-secret-file}, for trying authentication out. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints an HS256 JSON Web Token signed with the secret file of a server started with "
                + "--jwt-secret-file, for trying authentication out. An identity provider issues real ones.",
        sortOptions = false)
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--secret-file", paramLabel = "PATH", required = true,
            description = "The server's --jwt-secret-file.")
    Path secretFile;

    @Option(names = "--subject", paramLabel = "NAME", required = true, description = "The caller's name (sub).")
    String subject;

    @Option(names = "--roles", paramLabel = "ROLE[,ROLE...]", split = ",",
            description = "The caller's roles (default: none).")
    List<String> roles = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long the token is valid (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--issuer", paramLabel = "ISSUER", description = "The iss, for a server with --jwt-issuer.")
    String issuer;

    @Option(names = "--audience", paramLabel = "AUDIENCE", description = "The aud, for a server with --jwt-audience.")
    String audience;

    @Option(names = "--roles-claim", paramLabel = "NAME", defaultValue = SecuritySettings.DEFAULT_JWT_ROLES_CLAIM,
            description = "The claim that lists the roles, as the server's --jwt-roles-claim (default: ${DEFAULT-VALUE}).")
    String rolesClaim;

    @Override
    public Integer call() {
        String token;
        try {
            token = TokenIssuer.withSecretFile(secretFile).issue(subject, roles, rolesClaim, ttl,
                    Optional.ofNullable(issuer), Optional.ofNullable(audience));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ws-commands token: " + e.getMessage());
            return ServeCommand.INVALID_SETTINGS;
        }
        spec.commandLine().getOut().println(token);
        return 0;
    }
}
