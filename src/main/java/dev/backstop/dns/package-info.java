/**
 * DNS lookups behind a small interface ({@link dev.backstop.dns.Dns}) whose outcomes tell "no such name" from
 * "no answer", plus the IP literal and network helpers that SPF, DNSBL and Received parsing share.
 */
package dev.backstop.dns;
