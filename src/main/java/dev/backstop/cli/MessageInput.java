package dev.backstop.cli;

/**
 * One message read from a command-line path.
 *
 * @param file the path it came from, or {@code -} for standard input
 * @param name the message's own name: the file, or {@code path#N} for the N-th message of an mbox with several
 * @param raw  the message bytes
 */
record MessageInput(String file, String name, byte[] raw) {}
