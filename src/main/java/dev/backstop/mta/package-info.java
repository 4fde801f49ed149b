/**
 * Postfix and Exim: log line parsing, queue control, configuration checks.
 *
 * <p>The mail log path: {@link dev.backstop.mta.LogTailer} follows the live file (rotation-safe, position kept
 * in a state file), {@link dev.backstop.mta.MailLogParser} turns lines into {@link dev.backstop.mta.LogEvent}s,
 * {@link dev.backstop.mta.DeliveryTracker} joins them per queue id into {@link dev.backstop.mta.Submission}s and
 * {@link dev.backstop.mta.DeliveryOutcome}s. Queue control: {@link dev.backstop.mta.MailQueue} with
 * {@link dev.backstop.mta.PostfixQueue} and {@link dev.backstop.mta.EximQueue}; ids are checked by
 * {@link dev.backstop.mta.QueueIds} before any command runs, and no command is ever a shell line.
 */
package dev.backstop.mta;
