/**
 * The site profile: YAML read with line numbers (SnakeYAML's node tree), checked whole, refused with
 * {@code file:line: reason} for every problem, and turned into validated records.
 */
package id.kentongan.config;
