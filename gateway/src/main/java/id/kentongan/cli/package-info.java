/**
 * The {@code kentongan} command and the composition root ({@link id.kentongan.cli.Gateway}): the one
 * place where parts are made and wired with constructors. Nothing imports this package.
 */
package id.kentongan.cli;
