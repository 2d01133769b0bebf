package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class SweepMathTest {
    /** tanh a = (e^{2a} − 1)/(e^{2a} + 1) in 40-digit arithmetic via the series of e^{2a}. */
    private static double tanhExact(double a) {
        MathContext mc = new MathContext(40);
        BigDecimal expm1 = expm1Series(2 * a, mc);
        return expm1.divide(expm1.add(BigDecimal.valueOf(2), mc), mc).doubleValue();
    }

    /** e^u − 1 by its Taylor series in the precision of {@code mc} (|u| up to about 10). */
    private static BigDecimal expm1Series(double u, MathContext mc) {
        BigDecimal x = new BigDecimal(u);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal expm1 = BigDecimal.ZERO;
        for (int k = 1; k < 400; k++) {
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(k), mc);
            expm1 = expm1.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-45")) < 0) {
                break;
            }
        }
        return expm1;
    }

    @Test
    void tanhAbsKeepsRelativeAccuracyFromTinyToLargeArguments() {
        double[] args = {0, 1e-300, 1e-12, 1e-6, 1e-3, 0.01, 0.0499, 0.05, 0.0501, 0.1, 0.3, 0.7, 1, 2.5, 5, 10, 19, 25, 400};
        for (double a : args) {
            double got = SweepMath.tanhAbs(a, Math.exp(-2 * a));
            double want = a == 0 ? 0 : tanhExact(a);
            if (a >= 19) {
                want = a >= 25 ? 1.0 : want;
            }
            assertEquals(want, got, 4e-15 * Math.abs(want), "tanh(" + a + ")");
        }
    }

    @Test
    void theLogOfABatchProductEqualsTheSumOfItsLogs() {
        // the kernels' pattern: Σ log(1 + e_i) as the log of a product of LOG_BATCH factors in [1, 2]
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int batch = 0; batch < 200; batch++) {
            double prod = 1;
            double sum = 0;
            double comp = 0; // Kahan: the reference sum of logs without its own rounding drift
            for (int i = 0; i < SweepMath.LOG_BATCH; i++) {
                double f = 1 + r.nextDouble();
                prod *= f;
                double yv = Math.log(f) - comp;
                double tv = sum + yv;
                comp = (tv - sum) - yv;
                sum = tv;
            }
            // LOG_BATCH relative roundings of the product (each ≤ 1.12e-16), plus the log's own ulp
            double bound = SweepMath.LOG_BATCH * 1.12e-16 + 2 * Math.ulp(sum);
            assertEquals(sum, Math.log(prod), bound, "batch " + batch);
        }
        assertTrue(Math.pow(1000, SweepMath.LOG_BATCH) < Double.MAX_VALUE);
    }

    /** ln x in 40-digit arithmetic: x = 2^e m, ln m = 2 atanh((m − 1)/(m + 1)) by its series, plus e ln 2. */
    private static double logExact(double x) {
        MathContext mc = new MathContext(45);
        int e = Math.getExponent(x);
        BigDecimal m = new BigDecimal(x).divide(new BigDecimal(2).pow(e, mc).round(mc), mc); // exact: a power of two
        if (e < 0) {
            m = new BigDecimal(x).multiply(new BigDecimal(2).pow(-e), mc);
        }
        BigDecimal ln2 = atanhTwice(BigDecimal.ONE.divide(new BigDecimal(3), mc), mc); // ln 2 = 2 atanh(1/3)
        BigDecimal t = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc);
        return atanhTwice(t, mc).add(ln2.multiply(new BigDecimal(e), mc), mc).doubleValue();
    }

    /** 2 atanh(t) = 2 (t + t³/3 + t⁵/5 + …) for |t| ≤ 1/3. */
    private static BigDecimal atanhTwice(BigDecimal t, MathContext mc) {
        BigDecimal t2 = t.multiply(t, mc);
        BigDecimal power = t;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 1; k < 400; k += 2) {
            BigDecimal term = power.divide(new BigDecimal(k), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-48")) < 0) {
                break;
            }
            power = power.multiply(t2, mc);
        }
        return sum.multiply(new BigDecimal(2), mc);
    }

    /**
     * {@link SweepMath#logBlock} (fdlibm's algorithm, vectorised): within 1 ulp of {@code Math.log} over 400 000
     * values from 1e-250 to 1e250, next to 1 (1 ± 1e-3 down to 1 ± 1e-15, where the result is tiny and only a
     * relative error counts) and at the reduction's edges (powers of two, √2 and its neighbours); and within 1 ulp
     * of ln x computed in 45-digit arithmetic on 300 of them, so Math.log is not its only witness. A block longer
     * than the scratch grows it.
     */
    /**
     * {@link SweepMath#sinCosBlock} against the JDK's {@code Math.sin} and {@code Math.cos} (correctly rounded to
     * within an ulp): within an ulp of 1 absolute over the whole range (uniform, near multiples of π/2 where the
     * reduction cancels, tiny to moderate arguments) and within an ulp relative on [−π/4, π/4]; the quadrants at
     * ±π/2, π and the range's ends. A reduction with π/2 in one part (1.5707963267948966) is off by about 1e-12 at
     * x = 1e5: it fails the first check.
     */
    @Test
    void sinCosBlockIsWithinAnUlpOfTheJdksSineAndCosine() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(23);
        int len = 1000;
        double[] x = new double[len];
        double[] s = new double[len];
        double[] c = new double[len];
        double[] k = new double[len];
        for (int round = 0; round < 400; round++) {
            for (int i = 0; i < len; i++) {
                x[i] = switch (round % 4) {
                    case 0 -> r.nextDouble(-SweepMath.SINCOS_LIMIT, SweepMath.SINCOS_LIMIT);
                    case 1 -> r.nextDouble(-Math.PI / 4, Math.PI / 4);
                    case 2 -> Math.rint(r.nextDouble(-60000, 60000)) * (Math.PI / 2) + r.nextDouble(-1e-6, 1e-6);
                    default -> r.nextDouble(-30, 30) * Math.pow(10, -r.nextInt(14));
                };
            }
            SweepMath.sinCosBlock(x, len, s, c, k);
            for (int i = 0; i < len; i++) {
                double es = Math.sin(x[i]);
                double ec = Math.cos(x[i]);
                assertEquals(es, s[i], Math.ulp(1.0), "sin " + x[i]);
                assertEquals(ec, c[i], Math.ulp(1.0), "cos " + x[i]);
                if (Math.abs(x[i]) <= Math.PI / 4) {
                    assertEquals(es, s[i], Math.ulp(es), "sin, relative, " + x[i]);
                    assertEquals(ec, c[i], Math.ulp(ec), "cos, relative, " + x[i]);
                }
            }
        }
        double[] special = {0, Math.PI / 2, -Math.PI / 2, Math.PI, -Math.PI, 1.5 * Math.PI, SweepMath.SINCOS_LIMIT,
            -SweepMath.SINCOS_LIMIT};
        SweepMath.sinCosBlock(special, special.length, s, c, k);
        for (int i = 0; i < special.length; i++) {
            assertEquals(Math.sin(special[i]), s[i], Math.ulp(1.0), "sin " + special[i]);
            assertEquals(Math.cos(special[i]), c[i], Math.ulp(1.0), "cos " + special[i]);
        }
    }

    @Test
    void logBlockIsWithinOneUlpOfTheLogarithm() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        int len = 1000;
        double[] special = {1, Math.nextUp(1.0), Math.nextDown(1.0), 2, 0.5, 1024, 0x1p-1000, 0x1p1000, Math.sqrt(2),
            Math.nextUp(Math.sqrt(2)), Math.nextDown(Math.sqrt(2)), Math.sqrt(0.5), Math.nextDown(Math.sqrt(0.5)),
            Double.MIN_NORMAL, 1e-250, 1e250, Math.E, 10, 0.1};
        for (int block = 0; block < 400; block++) {
            double[] x = new double[len];
            for (int i = 0; i < len; i++) {
                switch (i % 4) {
                    case 0 -> x[i] = Math.exp((r.nextDouble() - 0.5) * 1150);
                    case 1 -> x[i] = 1 + (r.nextDouble() - 0.5) * 2e-3;
                    case 2 -> x[i] = 1 + (r.nextDouble() - 0.5) * Math.pow(10, -15 + 12 * r.nextDouble());
                    default -> x[i] = r.nextDouble() * 4;
                }
            }
            if (block == 0) {
                System.arraycopy(special, 0, x, 0, special.length);
            }
            double[] got = x.clone();
            SweepMath.logBlock(got, len);
            for (int i = 0; i < len; i++) {
                if (!(x[i] >= Double.MIN_NORMAL)) {
                    continue; // a draw below the normal range: outside the domain
                }
                double want = Math.log(x[i]);
                assertEquals(want, got[i], Math.ulp(want), "log(" + x[i] + ")");
                if (block < 3 && i % 10 == 0) {
                    double exact = logExact(x[i]);
                    assertEquals(exact, got[i], Math.ulp(exact), "log(" + x[i] + ") against 45 digits");
                }
            }
        }
        double[] longer = new double[3000];
        java.util.Arrays.fill(longer, Math.E);
        SweepMath.logBlock(longer, longer.length);
        assertEquals(1.0, longer[2999], Math.ulp(1.0));
    }

    @Test
    void expBlockIsWithinTwoUlpsAndFlushesAtTheFloor() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int len = 1000;
        double[] u = new double[len];
        for (int i = 0; i < len; i++) {
            u[i] = i < 500 ? -r.nextDouble() * 5 : -r.nextDouble() * 708;
        }
        double[] special = {0, -0.0, -1e-300, -Math.log(2) / 2, -Math.log(2) / 2 - 1e-12, -1, -700, SweepMath.EXP_NORMAL_BELOW};
        System.arraycopy(special, 0, u, 0, special.length);
        u[len - 1] = SweepMath.EXP_FLUSH;
        double[] e = u.clone();
        SweepMath.expBlock(e, len, new double[len]);
        for (int i = 0; i < len - 1; i++) {
            double want = Math.exp(u[i]); // itself within 1 ulp
            assertEquals(want, e[i], 4e-16 * want, "exp(" + u[i] + ")");
        }
        assertEquals(0.0, e[len - 1]);
    }

    @Test
    void expm1BlockKeepsRelativeAccuracyNearZeroAndGivesMinusOneAtTheFloor() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        int len = 1200;
        double[] u = new double[len];
        for (int i = 0; i < len; i++) {
            u[i] = i < 400 ? -Math.pow(10, -16 * r.nextDouble()) : i < 800 ? -r.nextDouble() * 10 : -r.nextDouble() * 708;
        }
        double[] special = {0, -0.0, -1e-300, -1e-17, -Math.log(2) / 2, -Math.log(2) / 2 - 1e-12, -Math.log(2), -1, -700,
            SweepMath.EXP_NORMAL_BELOW};
        System.arraycopy(special, 0, u, 0, special.length);
        u[len - 1] = SweepMath.EXP_FLUSH;
        double[] m = u.clone();
        SweepMath.expm1Block(m, len, new double[len]);
        MathContext mc = new MathContext(40);
        for (int i = 0; i < len - 1; i++) {
            // near 0 against 40-digit arithmetic (Math.expm1 is itself only within an ulp); below −10 the
            // result is −1 + e^u with e^u < 5e-5, where Math.expm1's one ulp is the reference
            double want = u[i] >= -10 ? expm1Series(u[i], mc).doubleValue() : Math.expm1(u[i]);
            assertEquals(want, m[i], 6e-16 * Math.abs(want), "expm1(" + u[i] + ")");
        }
        assertEquals(-1.0, m[len - 1]);
        // the symmetric MLR kernel's tanh from it: tanh|a| = −m/(2 + m) with m = e^{−2|a|} − 1
        double[] args = {1e-300, 1e-12, 1e-6, 1e-3, 0.01, 0.0499, 0.05, 0.0501, 0.1, 0.3, 0.7, 1, 2.5, 5};
        double[] g = new double[args.length];
        for (int i = 0; i < args.length; i++) {
            g[i] = -2 * args[i];
        }
        SweepMath.expm1Block(g, g.length, new double[g.length]);
        for (int i = 0; i < args.length; i++) {
            double want = tanhExact(args[i]);
            assertEquals(want, -g[i] / (2 + g[i]), 1e-15 * want, "tanh(" + args[i] + ")");
        }
    }

    /** log 2 split as the production code splits it (Cody–Waite), and the reciprocal Taylor coefficients. */
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double[] E = {1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
        1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600};

    /**
     * The documented polynomial for one value, written out as one expression (the form the block
     * functions had before their loops were staged): {@code head + r²(E2 + rE3) + r⁴(…)} in Estrin's form.
     */
    private static double estrin(double head, double r) {
        double r2 = r * r;
        double r4 = r2 * r2;
        return head + r2 * (E[2] + r * E[3])
                + r4 * ((E[4] + r * E[5]) + r2 * (E[6] + r * E[7]) + r4 * ((E[8] + r * E[9]) + r2 * (E[10] + r * E[11]) + r4 * E[12]));
    }

    /** e^u (minusOne false) or e^u − 1 per value by the documented reduction, polynomial and scale. */
    private static double reference(double u, boolean minusOne, boolean subnormal) {
        double v = subnormal ? Math.max(u, SweepMath.EXP_SUBNORMAL_LOWEST) : u;
        double k = Math.rint(v * 1.4426950408889634); // 1/log 2 as the production code rounds it
        double r = (v - k * LN2_HI) - k * LN2_LO;
        if (minusOne) {
            double scale = Double.longBitsToDouble(((long) k + 1023) << 52);
            return (scale - 1) + scale * estrin(r, r);
        }
        double p = estrin(1 + r, r);
        if (subnormal) {
            return Math.scalb(p, (int) k); // p · 2^k rounded once, as one correctly rounded multiplication would
        }
        return p * Double.longBitsToDouble(((long) k + 1023) << 52);
    }

    /**
     * The staged block functions (the polynomial in four loops, issue 19, second wave) give the one-expression
     * form's values bit for bit: exp, exp − 1 (both entry points) and the subnormal-keeping exp, on block lengths
     * that are not multiples of a vector, longer than the per-thread scratch at first, and on arguments from 0
     * down past the flush point.
     */
    @Test
    void stagedBlocksEqualTheOneExpressionFormBitForBit() {
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(2019);
        for (int len : new int[] {1, 7, 64, 255, 256, 1000}) {
            for (int rep = 0; rep < 200; rep++) {
                double[] a = new double[len];
                for (int i = 0; i < len; i++) {
                    double u = -Math.pow(10, rng.nextDouble(-17, 3.0));
                    a[i] = rep == 0 && i == 0 ? 0.0 : Math.max(u, SweepMath.EXP_FLUSH);
                }
                double[] exp = a.clone();
                double[] sub = a.clone();
                double[] one = a.clone();
                double[] four = a.clone();
                SweepMath.expBlock(exp, len, new double[len]);
                SweepMath.expBlockSubnormal(sub, len, new double[len]);
                SweepMath.expm1Block(one, len, new double[len]);
                SweepMath.expm1Block(four, len, new double[len], new double[len], new double[len], new double[len]);
                for (int i = 0; i < len; i++) {
                    assertEquals(Double.doubleToRawLongBits(reference(a[i], false, false)), Double.doubleToRawLongBits(exp[i]),
                            "exp(" + a[i] + ")");
                    assertEquals(Double.doubleToRawLongBits(reference(a[i], false, true)), Double.doubleToRawLongBits(sub[i]),
                            "exp(" + a[i] + "), subnormals kept");
                    long m = Double.doubleToRawLongBits(reference(a[i], true, false));
                    assertEquals(m, Double.doubleToRawLongBits(one[i]), "exp(" + a[i] + ") − 1");
                    assertEquals(m, Double.doubleToRawLongBits(four[i]), "exp(" + a[i] + ") − 1, caller's scratch");
                }
            }
        }
    }

    /**
     * Below the smallest normal double the subnormal-keeping exp rounds once: its values are the documented
     * polynomial times {@code 2^k} as {@code Math.scalb} rounds that product (one correctly rounded
     * multiplication; applying {@code 2^−1022} and then the rest of {@code 2^k} rounded twice and differed for
     * about one value in a thousand here), and they stay within a few subnormal steps of {@code Math.exp}; at and
     * below {@link SweepMath#EXP_SUBNORMAL_LOWEST}, and at −∞, 0.
     */
    @Test
    void subnormalExpRoundsOnceBelowTheSmallestNormal() {
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(2026);
        int len = 1000;
        int subnormal = 0;
        for (int rep = 0; rep < 200; rep++) {
            double[] a = new double[len];
            for (int i = 0; i < len; i++) {
                a[i] = rng.nextDouble(-765, -700);
            }
            a[0] = Double.NEGATIVE_INFINITY;
            a[1] = SweepMath.EXP_SUBNORMAL_LOWEST;
            double[] e = a.clone();
            SweepMath.expBlockSubnormal(e, len, new double[len]);
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(reference(a[i], false, true)), Double.doubleToRawLongBits(e[i]),
                        "exp(" + a[i] + ")");
                double jdk = Math.exp(Math.max(a[i], SweepMath.EXP_SUBNORMAL_LOWEST));
                assertEquals(jdk, e[i], 3 * Double.MIN_VALUE + 7e-16 * jdk,
                        "exp(" + a[i] + ") against Math.exp (its ulp and the polynomial's 4e-16)");
                if (e[i] > 0 && e[i] < Double.MIN_NORMAL) {
                    subnormal++;
                }
            }
            assertEquals(0.0, e[0], "exp(−∞)");
        }
        assertTrue(subnormal > 100_000, "subnormal results met: " + subnormal);
    }

    /**
     * The shifted entry point is the subtraction followed by the plain one, bit for bit: arguments and shifts of
     * every size the kernels meet (a point's largest exponent as the shift, so the difference is at most 0, down to
     * −∞ and past the clamp), on block lengths that are not multiples of a vector.
     */
    @Test
    void shiftedSubnormalExpIsTheSubtractionThenTheExpBitForBit() {
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(7);
        for (int len : new int[] {1, 5, 128, 333}) {
            for (int rep = 0; rep < 100; rep++) {
                double[] a = new double[len];
                double[] shift = new double[len];
                for (int i = 0; i < len; i++) {
                    shift[i] = rng.nextDouble(-50, 5);
                    a[i] = shift[i] - Math.pow(10, rng.nextDouble(-17, 3.2));
                }
                a[0] = rep == 0 ? shift[0] : a[0];
                if (len > 1) {
                    a[1] = Double.NEGATIVE_INFINITY;
                }
                double[] want = a.clone();
                for (int i = 0; i < len; i++) {
                    want[i] -= shift[i];
                }
                SweepMath.expBlockSubnormal(want, len, new double[len]);
                double[] got = a.clone();
                SweepMath.expBlockSubnormal(got, shift, len, new double[len]);
                for (int i = 0; i < len; i++) {
                    assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            "exp(" + a[i] + " − " + shift[i] + ")");
                }
            }
        }
    }
}
