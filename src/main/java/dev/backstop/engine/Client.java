package dev.backstop.engine;

/**
 * The SMTP client of a session, as the MTA reports it.
 *
 * @param address the client IP address as text, empty when unknown (e.g. a unix-socket client)
 * @param name    the verified client host name, or {@code unknown}
 * @param daemon  the MTA's daemon name for this service ({@code {daemon_name}}); {@code ORIGINATING} marks
 *                submission services, as with amavis' convention
 */
public record Client(String address, String name, String daemon) {}
