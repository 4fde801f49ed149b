/**
 * Incidents (open, escalate, resolve), alerts and their notifiers (mail, webhook), de-duplication.
 */
package dev.backstop.incident;
