/**
 * HTTP server: dashboard pages, JSON API, metrics.
 */
package dev.backstop.web;
