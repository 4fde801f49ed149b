/**
 * BATV prvs= tags (draft-levine-smtp-batv-01): sign, verify, and a key ring with rotation.
 */
package dev.backstop.batv;
