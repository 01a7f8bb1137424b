/**
 * The command API: the only package of ws-commands that a command plug-in imports.
 *
 * <p>A command is a {@link dev.wscommands.api.CommandHandler} (or an
 * {@link dev.wscommands.api.AsyncCommandHandler}) named for the exact {@code Command} text it answers. It
 * receives a {@link dev.wscommands.api.CommandRequest} whose argument is the request's {@code SomeOtherThing},
 * and returns the text of the reply's {@code SomeOtherThing}; it fails with a
 * {@link dev.wscommands.api.CommandFailure} whose message the client sees, while any other exception reaches
 * the client only as {@code command failed}. Handlers are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/dev.wscommands.api.CommandHandler} of the plug-in jar.
 *
 * <p>The request names its {@link dev.wscommands.api.Caller}: who the connection's handshake authenticated (a
 * token's subject and roles, or the container's principal), {@link dev.wscommands.api.Caller#ANONYMOUS} without
 * authentication; {@link dev.wscommands.api.CommandRequest#isCallerInRole} serves a command's own finer
 * decisions. Who may run a command at all is declared on its class with the Jakarta annotations
 * {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} ({@code jakarta.annotation-api}, provided by the
 * server); a caller who may not is answered {@code forbidden: ...} and the command does not run.
 *
 * <p>Layer 0: imports nothing of ws-commands.
 */
package dev.wscommands.api;
