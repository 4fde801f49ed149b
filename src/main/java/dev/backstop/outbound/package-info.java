/**
 * Source attribution, sliding-window counters, content fingerprints, policy and containment decisions for outgoing mail.
 */
package dev.backstop.outbound;
