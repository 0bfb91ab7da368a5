package deliverybench.cost;

import java.util.List;

/**
 * A least-squares fit of cost per second = idle x clients + marginal x messages per second + constant, from a grid of
 * steady-state points of one strategy.
 *
 * @param idlePerClient cost per second of one connected client with nothing arriving (the clients coefficient)
 * @param marginalPerMessage cost of one more message per second (the messages coefficient)
 * @param constant cost per second with no clients and no messages (the server's own upkeep)
 * @param rSquared fit quality: 1 - residual sum of squares / total sum of squares (1 when every point varies nothing)
 * @param residuals measured minus fitted, one per point, in the points' order
 * @param idleStdError the standard error of {@code idlePerClient} (NaN with no degree of freedom left, or not fitted)
 * @param marginalStdError the standard error of {@code marginalPerMessage}
 */
public record CostFit(double idlePerClient, double marginalPerMessage, double constant, double rSquared,
                      List<Double> residuals, double idleStdError, double marginalStdError) {

    /** A fit known without its uncertainty (two strategies' coefficients compared). */
    public CostFit(double idlePerClient, double marginalPerMessage, double constant, double rSquared, List<Double> residuals) {
        this(idlePerClient, marginalPerMessage, constant, rSquared, residuals, Double.NaN, Double.NaN);
    }

    /** One steady-state point: how many clients were connected, the messages per second, the cost per second. */
    public record Point(double clients, double messagesPerSecond, double costPerSecond) {
    }

    /**
     * Fits the points; needs at least four (three coefficients and one degree of freedom left for R^2) and a grid where
     * clients and message rate vary independently of each other, else the two coefficients cannot be told apart.
     */
    public static CostFit of(List<Point> points) {
        if (points.size() < 4) {
            throw new IllegalArgumentException("a cost fit needs at least 4 points (clients x message rates), got "
                    + points.size());
        }
        double[][] normal = new double[3][4];
        for (Point p : points) {
            double[] row = {p.clients(), p.messagesPerSecond(), 1};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    normal[i][j] += row[i] * row[j];
                }
                normal[i][3] += row[i] * p.costPerSecond();
            }
        }
        double[][] inverse = inverse(normal);
        double[] beta = solve(normal, points);
        return withQuality(beta, inverse, points);
    }

    /** Gaussian elimination with partial pivoting; a (near) singular system means the grid cannot separate the terms. */
    private static double[] solve(double[][] m, List<Point> points) {
        double scale = 0;
        for (double[] row : m) {
            for (int j = 0; j < 3; j++) {
                scale = Math.max(scale, Math.abs(row[j]));
            }
        }
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) <= 1e-9 * scale) {
                throw new IllegalArgumentException("degenerate grid: clients and message rate do not vary independently "
                        + "across the " + points.size() + " points, so idle and marginal cost cannot be told apart; "
                        + "measure at least two client counts and two message rates");
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c < 4; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        return new double[]{m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }

    /** The inverse of the normal matrix's left 3 x 3 (for the coefficients' variances); null when singular. */
    private static double[][] inverse(double[][] normal) {
        double[][] m = new double[3][6];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(normal[i], 0, m[i], 0, 3);
            m[i][3 + i] = 1;
        }
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (m[pivot][col] == 0) {
                return null;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            double p = m[col][col];
            for (int c = 0; c < 6; c++) {
                m[col][c] /= p;
            }
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col];
                    for (int c = 0; c < 6; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[][] inverse = new double[3][3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(m[i], 3, inverse[i], 0, 3);
        }
        return inverse;
    }

    private static CostFit withQuality(double[] beta, double[][] inverse, List<Point> points) {
        double mean = points.stream().mapToDouble(Point::costPerSecond).average().orElse(0);
        double residualSquares = 0;
        double totalSquares = 0;
        Double[] residuals = new Double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            residuals[i] = p.costPerSecond() - (beta[0] * p.clients() + beta[1] * p.messagesPerSecond() + beta[2]);
            residualSquares += residuals[i] * residuals[i];
            totalSquares += (p.costPerSecond() - mean) * (p.costPerSecond() - mean);
        }
        double rSquared = totalSquares == 0 ? 1 : 1 - residualSquares / totalSquares;
        // The usual least-squares standard errors: the residuals' variance (n - 3 degrees of freedom) times the
        // diagonal of (X'X)^-1. With one degree of freedom left (four points) they are wide, as they should be.
        double variance = points.size() > 3 ? residualSquares / (points.size() - 3) : Double.NaN;
        double idleError = inverse == null ? Double.NaN : Math.sqrt(variance * inverse[0][0]);
        double marginalError = inverse == null ? Double.NaN : Math.sqrt(variance * inverse[1][1]);
        return new CostFit(beta[0], beta[1], beta[2], rSquared, List.of(residuals), idleError, marginalError);
    }

    /**
     * True when the idle coefficient is told apart from zero: more than two standard errors from it (about 95% for
     * normal errors with many degrees of freedom; fewer points widen it further, so this errs towards "not told apart").
     */
    public boolean idleResolved() {
        return Double.isFinite(idleStdError) && Math.abs(idlePerClient) > 2 * idleStdError;
    }

    /** The fitted cost per second at a point. */
    public double predict(double clients, double messagesPerSecond) {
        return idlePerClient * clients + marginalPerMessage * messagesPerSecond + constant;
    }

    /**
     * The messages per second per client at which the clients' part and the messages' part are equal: below it,
     * connected clients, not messages, are what costs. Infinite when a message costs nothing more.
     */
    public double crossoverMessagesPerClientPerSecond() {
        return marginalPerMessage <= 0 ? Double.POSITIVE_INFINITY : idlePerClient / marginalPerMessage;
    }

    /**
     * The messages per second per client at which this strategy and {@code other} cost the same per client (constants
     * left out: they do not grow with clients); NaN when the per-message costs are equal, so the lines never cross.
     */
    public double crossoverAgainst(CostFit other) {
        double marginalGap = other.marginalPerMessage - marginalPerMessage;
        return marginalGap == 0 ? Double.NaN : (idlePerClient - other.idlePerClient) / marginalGap;
    }
}
