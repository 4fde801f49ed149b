/**
 * The configuration: {@link dev.backstop.config.BackstopConfig}, an immutable record tree read from one YAML
 * file, validated once at load. An unknown key or a bad value throws
 * {@link dev.backstop.config.ConfigException} naming the full key path; nothing is clamped or guessed.
 */
package dev.backstop.config;
