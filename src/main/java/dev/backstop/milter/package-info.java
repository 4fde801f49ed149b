/**
 * The Sendmail milter protocol, version 6: codec and server. Translates wire commands into engine calls.
 */
package dev.backstop.milter;
