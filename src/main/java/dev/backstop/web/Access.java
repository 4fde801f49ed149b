package dev.backstop.web;

/** Who may call a route, and how a refusal looks. */
enum Access {
    /** Login page, static files: anyone. */
    PUBLIC,
    /** An HTML page (GET): without a session, a redirect to the login page. */
    PAGE,
    /** A JSON read (GET /api/...): without a session, 401. */
    API,
    /** A state-changing request (POST, form or API): without a session 401, without the CSRF token 403. */
    ACTION
}
