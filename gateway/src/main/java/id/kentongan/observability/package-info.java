/**
 * What a technician and a monitoring system see of a running post: Prometheus metrics, a health
 * answer, and the status page, all served by one small HTTP server on loopback unless the profile
 * opts in to the LAN. The parts are read, never driven: the dispatch loop records into primitive
 * recorders ({@link id.kentongan.observability.Observability#edgeMeter()}), everything else is read on
 * the HTTP threads when someone asks.
 */
package id.kentongan.observability;
