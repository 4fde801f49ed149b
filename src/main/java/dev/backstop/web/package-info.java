/**
 * The dashboard: an embedded Jetty server (core handlers, no servlets) with server-rendered HTML pages, a JSON
 * API for the same data and actions, and Prometheus metrics. Everything is served from the jar; pages need no
 * JavaScript. {@link dev.backstop.web.WebServer} is the entry point; routes are registered per feature
 * ({@code Route}), so new pages (incidents, sources) plug in beside the existing ones.
 */
package dev.backstop.web;
