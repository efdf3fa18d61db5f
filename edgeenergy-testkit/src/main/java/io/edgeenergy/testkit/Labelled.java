package io.edgeenergy.testkit;

/** One input of a trace with the class it should get. */
public record Labelled<I>(I input, int label) {}
