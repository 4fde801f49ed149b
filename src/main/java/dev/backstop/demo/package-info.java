/**
 * {@code backstop demo}: the story of the two admins played against a running daemon on a machine without a
 * mail server. {@link dev.backstop.demo.DemoStory} talks to the daemon's milter port as Postfix would;
 * {@link dev.backstop.demo.DemoMta} stands in for Postfix's queue and sendmail; {@link dev.backstop.demo.DemoZone}
 * answers the one DNS zone the story needs.
 */
package dev.backstop.demo;
