/**
 * Ties the domain packages into per-session decisions; the only place that knows the whole flow.
 */
package dev.backstop.engine;
