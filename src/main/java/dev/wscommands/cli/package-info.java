/** The command line: {@code java -jar ws-commands.jar [client|bench|...]}. */
package dev.wscommands.cli;
