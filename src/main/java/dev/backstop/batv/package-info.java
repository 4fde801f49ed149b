/**
 * BATV {@code prvs=} tags (draft-levine-smtp-batv-01): {@link dev.backstop.batv.BatvSigner} signs an envelope
 * sender and verifies a bounce recipient against a {@link dev.backstop.batv.KeyRing} with rotation;
 * {@link dev.backstop.batv.Batv} builds both from the configuration. Secrets never appear in
 * {@code toString()} or logs.
 */
package dev.backstop.batv;
