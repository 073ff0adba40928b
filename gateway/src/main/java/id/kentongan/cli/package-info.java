/**
 * The {@code kentongan} command: parses the command line (picocli) and hands over to the parts, or to
 * the composition root ({@link id.kentongan.post.Gateway}) for {@code run}. Shared options are mixins
 * ({@link id.kentongan.cli.ProfileOption}, {@link id.kentongan.cli.StateDirOption}). Nothing imports
 * this package.
 */
package id.kentongan.cli;
