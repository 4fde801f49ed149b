/**
 * Message access on top of Apache mime4j: headers, addresses, the MIME walk, with hard limits on size, depth and header count. Defects are recorded, never thrown.
 */
package dev.backstop.mail;
