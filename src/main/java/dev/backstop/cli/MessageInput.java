package dev.backstop.cli;

/**
 * One message read from a command-line path.
 *
 * @param name where it came from: the file path, {@code path#N} for the N-th message of an mbox, or {@code -}
 * @param raw  the message bytes
 */
record MessageInput(String name, byte[] raw) {}
