package dev.backstop.web;

/**
 * The navigation bar, in order. Incidents and Sources are slots for outbound containment: shown greyed out until a
 * feature registers their page.
 */
enum Nav {
    OVERVIEW("Overview", "/"),
    INCIDENTS("Incidents", "/incidents"),
    SOURCES("Sources", "/sources"),
    QUARANTINE("Quarantine", "/quarantine"),
    BOUNCES("Did my message bounce?", "/bounces"),
    SETTINGS("Settings", "/settings"),
    AUDIT("Audit log", "/audit");

    final String title;
    final String path;

    Nav(String title, String path) {
        this.title = title;
        this.path = path;
    }
}
