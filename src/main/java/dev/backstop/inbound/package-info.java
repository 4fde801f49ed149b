/**
 * The backscatter guard: evidence collectors and the verdict on each bounce candidate.
 */
package dev.backstop.inbound;
