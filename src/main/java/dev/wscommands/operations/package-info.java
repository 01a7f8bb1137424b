/**
 * Layer 2, operations: what an operator sees of a running server, its metrics (Prometheus, through
 * Micrometer) and its health report. Imports only {@code settings}; the layers above report to it.
 */
package dev.wscommands.operations;
