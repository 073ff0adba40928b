/**
 * The post's wall clock and how far it can be trusted: the kernel's own synchronisation flag, jumps
 * seen while running, and the hidden test hook that moves a gateway process's clock without root.
 */
package id.kentongan.clock;
