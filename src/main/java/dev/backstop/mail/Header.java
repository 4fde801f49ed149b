package dev.backstop.mail;

/**
 * One header field.
 *
 * @param name  the field name as written
 * @param value the unfolded value, not RFC 2047 decoded
 * @param raw   the field as it stood, folding included, without the final line break
 */
public record Header(String name, String value, String raw) {}
