package deliverybench.cli;

import deliverybench.auth.TokenMinter;
import deliverybench.auth.UserIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code deliverybench token}: mints a token for curl, a browser or a socket script. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a JWT (HS256, sub, exp) for a user, signed with the server's secret.")
final class TokenCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The user id ([A-Za-z0-9_-]{1,64}).")
    String user;

    @Option(names = "--secret", description = "The server's secret. Default: $" + ServeCommand.SECRET_ENV + ".")
    String secret;

    @Option(names = "--secret-file", description = "Read the secret from this file (serve prints where it wrote one).")
    Path secretFile;

    @Option(names = "--valid-for", defaultValue = "PT24H",
            description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration validFor;

    @Override
    public Integer call() throws IOException {
        String key = secret;
        if (key == null && secretFile != null) {
            key = Files.readString(secretFile).trim();
        }
        if (key == null) {
            key = System.getenv(ServeCommand.SECRET_ENV);
        }
        if (key == null || key.isEmpty()) {
            System.err.println("deliverybench token: no secret: give --secret, --secret-file or $" + ServeCommand.SECRET_ENV);
            return 2;
        }
        if (!UserIds.isValid(user)) {
            System.err.println("deliverybench token: '" + user + "' is not a valid user id: it must match [A-Za-z0-9_-]{1,64}");
            return 2;
        }
        System.out.println(new TokenMinter(key).mint(user, validFor));
        return 0;
    }
}
