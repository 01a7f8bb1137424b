/** The standalone server: Tyrus on a Grizzly HTTP listener, started with {@code java -jar}. */
package dev.wscommands.standalone;
