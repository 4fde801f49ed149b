/**
 * The picocli commands; Backstop is the composition root that wires everything from the configuration.
 */
package dev.backstop.cli;
