package dev.backstop.store;

/** What became of a message an incident put on hold. */
public enum HeldState { HELD, RELEASED, PURGED }
