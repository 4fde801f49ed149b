/**
 * Postfix and Exim: log line parsing, queue control, configuration checks.
 */
package dev.backstop.mta;
