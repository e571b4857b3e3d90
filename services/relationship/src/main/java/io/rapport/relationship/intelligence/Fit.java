package io.rapport.relationship.intelligence;

/** A model fitted by maximum likelihood, with the log-likelihood it reached. */
public record Fit<M>(M model, double logLikelihood) {
}
