/**
 * The bounce reader: is a message a bounce, delay notice, auto-reply or feedback report; per recipient the status, reply code, reason (Sisimai's names), hard or soft, remote MTA and diagnostic; and the embedded original message.
 */
package dev.backstop.bounce;
