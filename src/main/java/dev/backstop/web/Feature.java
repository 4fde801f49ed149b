package dev.backstop.web;

import java.util.List;

/**
 * One area of the dashboard (overview, quarantine, ...): its HTML pages, JSON API and actions. A new area
 * (incidents, sources) is one more implementation added to {@link WebServer}'s list.
 */
interface Feature {
    /** The navigation slot it fills, or null for none. */
    Nav nav();

    List<Route> routes();
}
