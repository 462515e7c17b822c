package org.attnlimit.stats;


/**
 * Gaussian kernel density estimates {@code f̂(x) = (Nh√(2π))⁻¹ Σ_j exp(−(x − X_j)²/2h²)} evaluated on an
 * equispaced grid {@code x_j = lo + jΔ}, {@code j = 0..m−1}, by linear binning on a finer lattice.
 *
 * <p>The lattice is {@code lo + kδ} with {@code δ = Δ/r}, the refinement {@code r} chosen so that
 * {@code δ ≤ h/64}; every grid point is a lattice point. Each sample splits its unit weight between
 * its two neighbouring lattice points in proportion to proximity (linear binning, Wand &amp; Jones 1995,
 * §D.2), then the bin weights are convolved with the kernel sampled on the lattice, only at the
 * {@code m} grid points.
 *
 * <p>Binning error: for a sample {@code X ∈ [g_i, g_{i+1}]} with {@code w = (X − g_i)/δ}, the binned term
 * {@code (1−w)K_h(x−g_i) + wK_h(x−g_{i+1})} is the linear interpolant of {@code u ↦ K_h(x−u)} at X, whose
 * error is at most {@code (δ²/8)·max|K_h''| = δ²/(8√(2π)h³)} ({@code |K_h''|} peaks at 0). Averaging over
 * the samples keeps the bound: {@code |f̃(x) − f̂(x)| ≤ δ²/(8√(2π)h³)} at every grid point
 * ({@link #binningErrorBound}). The kernel is cut where {@code φ(R)/h ≤ 1e-15}, far below the paper's
 * floor of 1e-12 added to every density; samples farther than {@code Rh} beyond the grid are dropped
 * for the same reason.
 *
 * <p>A direct binned convolution rather than an FFT: the paper's grid has only m = 500 points, so the
 * convolution at those points costs {@code m·(2Rh/δ + 1) ≈ 500·1100} multiply-adds, independent of N;
 * an FFT would compute every lattice point (tens of thousands) to keep 500 of them, and needs zero
 * padding against wrap-around. The binning itself is O(N), which is what makes a bootstrap replicate
 * cheap. Hand-written because neither Hipparchus nor Commons Statistics has a KDE.
 */
public final class BinnedKde {
    /** Lattice steps per bandwidth (at least): δ ≤ h/64, so the relative binning bound is tiny. */
    static final int STEPS_PER_BANDWIDTH = 64;
    /** Cap on lattice points (32 MB of bins); beyond it δ grows and so does the stated bound. */
    static final int MAX_LATTICE = 1 << 22;

    private final double lo;
    private final double step;
    private final double inverseStep;
    private final int stride;
    private final int points;
    private final int first;
    private final int size;

    private BinnedKde(double lo, double step, int stride, int points, int first, int size) {
        this.lo = lo;
        this.step = step;
        this.inverseStep = 1 / step;
        this.stride = stride;
        this.points = points;
        this.first = first;
        this.size = size;
    }

    /**
     * @param grid the evaluation grid (equispaced, at least 2 points, increasing)
     * @param minBandwidth the smallest bandwidth that will be used (sets the lattice step)
     * @param maxBandwidth the largest bandwidth that will be used (sets how far beyond the grid the lattice reaches)
     * @return a binning lattice for {@code grid}
     */
    public static BinnedKde on(double[] grid, double minBandwidth, double maxBandwidth) {
        int m = grid.length;
        if (m < 2 || !(grid[m - 1] > grid[0])) {
            throw new IllegalArgumentException("KDE grid needs >= 2 increasing points");
        }
        if (!(minBandwidth > 0) || !(maxBandwidth >= minBandwidth) || Double.isInfinite(maxBandwidth)) {
            throw new IllegalArgumentException("KDE bandwidths must be finite and > 0, got " + minBandwidth + ", " + maxBandwidth);
        }
        double lo = grid[0];
        double gridStep = (grid[m - 1] - lo) / (m - 1);
        double reach = Math.max(reachInBandwidths(maxBandwidth) * maxBandwidth, reachInBandwidths(minBandwidth) * minBandwidth);
        double wanted = Math.ceil(STEPS_PER_BANDWIDTH * gridStep / minBandwidth);
        // Lattice points: the grid (m−1)·r + 1 plus the reach on both sides, kept under the cap.
        double perStride = (m - 1) + 2 * reach / gridStep;
        int stride = (int) Math.max(1, Math.min(wanted, Math.floor((MAX_LATTICE - 4) / perStride)));
        double step = gridStep / stride;
        int pad = (int) Math.min(Math.ceil(reach / step) + 1, (MAX_LATTICE - (m - 1L) * stride) / 2 - 1);
        int first = -pad;
        int size = (m - 1) * stride + 1 + 2 * pad;
        return new BinnedKde(lo, step, stride, m, first, size);
    }

    /** @return R with {@code φ(R)/h ≤ 1e-15}: the kernel's cut-off in bandwidths */
    static double reachInBandwidths(double h) {
        double r2 = 2 * Math.log(1 / (h * Math.sqrt(2 * Math.PI) * 1e-15));
        return Math.max(1.0, Math.sqrt(Math.max(r2, 1.0)));
    }

    /** @return the lattice step δ */
    public double step() {
        return step;
    }

    /** @return number of lattice bins */
    public int size() {
        return size;
    }

    /** @return the bound {@code δ²/(8√(2π)h³)} on {@code |binned − exact|} at every grid point, plus the cut-off */
    public double binningErrorBound(double bandwidth) {
        return step * step / (8 * Math.sqrt(2 * Math.PI) * bandwidth * bandwidth * bandwidth) + 1e-15;
    }

    /**
     * Where one sample's weight goes: bin {@code index} gets {@code 1 − frac}, bin {@code index + 1}
     * gets {@code frac}; {@code index = −1} for a sample beyond the lattice (dropped, see the class doc).
     *
     * @return the bin index of {@code x}
     */
    public int binIndex(double x) {
        double t = position(x);
        if (!(t >= 0) || t >= size - 1) {
            return -1;
        }
        return (int) t;
    }

    /** @return the fraction of {@code x}'s weight going to bin {@link #binIndex}{@code (x) + 1} */
    public double binFraction(double x, int index) {
        return Math.min(1.0, Math.max(0.0, position(x) - index));
    }

    /** @return x in lattice steps from the first bin: bin {@code floor(t)} and fraction {@code t − floor(t)} */
    double position(double x) {
        return (x - lo) * inverseStep - first;
    }

    /** @return the linear-binning weights of {@code sample} (total = number of samples on the lattice) */
    public double[] bin(double[] sample) {
        double[] bins = new double[size];
        for (double x : sample) {
            int i = binIndex(x);
            if (i >= 0) {
                double w = binFraction(x, i);
                bins[i] += 1 - w;
                bins[i + 1] += w;
            }
        }
        return bins;
    }

    /**
     * @param bins linear-binning weights (from {@link #bin} or accumulated by the caller)
     * @param count the number of samples N (the KDE's normaliser, including any dropped far samples)
     * @param bandwidth h
     * @return the binned KDE at the grid points
     */
    public double[] evaluate(double[] bins, double count, double bandwidth) {
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("KDE bandwidth must be > 0, got " + bandwidth);
        }
        int reach = (int) Math.min(size, Math.ceil(reachInBandwidths(bandwidth) * bandwidth / step));
        double[] kernel = new double[reach + 1];
        double norm = 1.0 / (count * bandwidth * Math.sqrt(2 * Math.PI));
        for (int d = 0; d <= reach; d++) {
            double z = d * step / bandwidth;
            kernel[d] = norm * Math.exp(-0.5 * z * z);
        }
        double[] density = new double[points];
        for (int j = 0; j < points; j++) {
            int c = j * stride - first;
            int from = Math.max(0, c - reach);
            int to = Math.min(size - 1, c + reach);
            double sum = 0;
            for (int l = from; l <= to; l++) {
                sum += bins[l] * kernel[Math.abs(c - l)];
            }
            density[j] = sum;
        }
        return density;
    }

    /** @return the exact (unbinned) KDE of {@code sample} at {@code points}: scipy's {@code gaussian_kde} in 1-D */
    public static double[] exact(double[] sample, double[] points, double bandwidth) {
        double norm = 1.0 / (sample.length * bandwidth * Math.sqrt(2 * Math.PI));
        double[] density = new double[points.length];
        for (int j = 0; j < points.length; j++) {
            double sum = 0;
            for (double x : sample) {
                double z = (points[j] - x) / bandwidth;
                sum += Math.exp(-0.5 * z * z);
            }
            density[j] = norm * sum;
        }
        return density;
    }
}
