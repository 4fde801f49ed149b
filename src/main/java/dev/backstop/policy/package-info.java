/**
 * The Postfix policy delegation protocol: server that translates requests into engine calls.
 */
package dev.backstop.policy;
