package io.rapport.relationship.intelligence;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Fits positive parameters by maximising a log-likelihood with Nelder-Mead over their logarithms (so every
 * candidate is valid), restarted from its own optimum until it stops improving.
 */
final class MaximumLikelihood {

    private MaximumLikelihood() {
    }

    static <M> Fit<M> fit(double[] start, Function<double[], M> model, ToDoubleFunction<M> logLikelihood) {
        double[] point = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            point[i] = Math.log(start[i]);
        }
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double value = logLikelihood.applyAsDouble(model.apply(exp(logs)));
            return Double.isFinite(value) ? value : Double.NEGATIVE_INFINITY;
        });
        double best = Double.NEGATIVE_INFINITY;
        for (int restart = 0; restart < 10; restart++) {
            PointValuePair optimum = new SimplexOptimizer(1e-12, 1e-12).optimize(new MaxEval(20_000), objective,
                    GoalType.MAXIMIZE, new InitialGuess(point), new NelderMeadSimplex(point.length));
            point = optimum.getPoint();
            if (optimum.getValue() - best < 1e-9) {
                best = Math.max(best, optimum.getValue());
                break;
            }
            best = optimum.getValue();
        }
        return new Fit<>(model.apply(exp(point)), best);
    }

    private static double[] exp(double[] logs) {
        double[] values = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            values[i] = Math.exp(logs[i]);
        }
        return values;
    }
}
