package io.zeo.db.model;

import java.io.Serializable;

/** A plain serializable value held inside persistent objects. */
public record Note(String text, int priority) implements Serializable {}
