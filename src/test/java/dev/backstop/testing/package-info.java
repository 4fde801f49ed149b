/**
 * Test fixtures that start real things on loopback: a private Postfix instance ({@link
 * dev.backstop.testing.PrivatePostfix}), an SMTP sink it relays to ({@link dev.backstop.testing.SmtpSink}) and a
 * small authoritative DNS server ({@link dev.backstop.testing.TestDns}). Used by the {@code *IT} tests.
 */
package dev.backstop.testing;
