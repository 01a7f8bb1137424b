/**
 * The {@code bench} tool: a load generator that keeps requests in flight on many connections and reports
 * throughput, latency percentiles and CPU time, and an idle mode that holds many connections open.
 */
package dev.wscommands.bench;
