package dev.backstop.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its answer, as the routes see them: parameters in, HTML, JSON or a redirect out. */
final class Exchange {
    /** Larger JSON bodies are refused: the API takes ids and a password, nothing big. */
    static final int MAX_JSON_BYTES = 64 * 1024;

    final WebContext web;
    final Request request;
    final Response response;
    private final Callback callback;
    private Session session;
    private String tail = "";
    private Fields fields;
    private JsonNode json;
    private boolean answered;

    Exchange(WebContext web, Request request, Response response, Callback callback) {
        this.web = web;
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** The logged-in admin, or null on public routes. */
    Session session() {
        return session;
    }

    void session(Session s) {
        this.session = s;
    }

    String tail() {
        return tail;
    }

    void tail(String t) {
        this.tail = t;
    }

    String path() {
        return Request.getPathInContext(request);
    }

    String remote() {
        return Request.getRemoteAddr(request);
    }

    boolean fromLoopback() {
        try {
            return InetAddress.getByName(remote()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A query or form parameter, stripped; null when absent or blank. */
    String param(String name) {
        String v = fields().getValue(name);
        if (v == null && jsonBody() != null && jsonBody().hasNonNull(name) && jsonBody().get(name).isValueNode()) {
            v = jsonBody().get(name).asText();
        }
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    /** All values of a repeated parameter (form) or a JSON array of that name. */
    List<String> params(String name) {
        List<String> form = fields().getValues(name);
        List<String> out = form == null ? new ArrayList<>() : new ArrayList<>(form);
        JsonNode j = jsonBody();
        if (j != null && j.has(name)) {
            JsonNode a = j.get(name);
            if (a.isArray()) {
                a.forEach(n -> out.add(n.asText()));
            } else if (a.isValueNode()) {
                out.add(a.asText());
            }
        }
        return out;
    }

    private Fields fields() {
        if (fields == null) {
            try {
                fields = Request.getParameters(request);
            } catch (Exception e) {
                fields = new Fields();
            }
        }
        return fields;
    }

    boolean isJson() {
        String ct = header(HttpHeader.CONTENT_TYPE.asString());
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** The JSON request body, or null when the request has none (or it is not JSON). */
    JsonNode jsonBody() {
        if (json == null && isJson() && request.getMethod().equals("POST")) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] b = in.readNBytes(MAX_JSON_BYTES + 1);
                if (b.length > MAX_JSON_BYTES) {
                    throw new BadRequest("JSON body larger than " + MAX_JSON_BYTES + " bytes");
                }
                json = Json.MAPPER.readTree(b);
                if (json == null || !json.isObject()) {
                    throw new BadRequest("the JSON body must be an object");
                }
            } catch (IOException e) {
                throw new BadRequest("malformed JSON body");
            }
        }
        return json;
    }

    boolean answered() {
        return answered;
    }

    void html(int status, String page) {
        send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    void json(int status, Object value) {
        send(status, "application/json", Json.bytes(value));
    }

    void text(int status, String body) {
        send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other: after a POST the browser GETs the result page. */
    void redirect(String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        send(303, null, new byte[0]);
    }

    void send(int status, String contentType, byte[] body) {
        if (answered) {
            throw new IllegalStateException("answered twice: " + path());
        }
        answered = true;
        drainUnreadBody();
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Reads what is left of a small request body that nobody read (a POST refused before its form was looked
     * at), so the keep-alive connection is clean for the client's next request instead of closed under it.
     * Bodies larger than {@link #MAX_JSON_BYTES} are left: the server then closes that connection.
     */
    private void drainUnreadBody() {
        if (!request.getMethod().equals("POST") || fields != null || json != null) {
            return;
        }
        long length = request.getLength();
        if (length == 0 || length > MAX_JSON_BYTES) {
            return;
        }
        try {
            InputStream in = Content.Source.asInputStream(request);
            in.readNBytes(MAX_JSON_BYTES);
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: nothing to keep clean
        }
    }

    /** A request the route cannot serve as sent; becomes a 400 with this message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
