package dev.backstop.web;

import java.time.Instant;

/**
 * One logged-in admin. The CSRF token belongs to the session, so a form or API call made from another site
 * cannot know it.
 *
 * @param actor who this is in the audit log, e.g. {@code web:admin@127.0.0.1}
 */
record Session(String id, String csrf, String actor, Instant created) {
}
