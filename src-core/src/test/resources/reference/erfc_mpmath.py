#!/usr/bin/env python3
"""Reference values of erfc for SpecialFunctionsTest (mpmath 1.3, 50 significant digits).

Each x is the double nearest to the decimal written below (as Java reads it), and erfc is
evaluated at exactly that double. The output lines are pasted into the test as {x, erfc(x)}; below the smallest normal double
(x > 26.55) the value is written as a whole number of Double.MIN_VALUE = 2^-1074 (the true value
rounded to the subnormal grid, 0 below 2^-1075), with the 25-digit value in a comment, since Java
rejects a literal that rounds to zero.
Run: python3 erfc_mpmath.py
"""
import mpmath as mp

mp.mp.dps = 50

XS = [
    "-6", "-5", "-4.5", "-4.001", "-4", "-3.999", "-3", "-2", "-1.5", "-1", "-0.75", "-0.5",
    "-0.46875", "-0.3", "-0.1", "-1e-3", "-1e-10",
    "0", "1e-300", "1e-17", "1e-10", "1e-3", "0.1", "0.25", "0.4", "0.45", "0.46", "0.468",
    "0.46874999999999994", "0.46875", "0.46875000000000006", "0.4688", "0.47", "0.475", "0.49",
    "0.5", "0.75", "1", "1.5", "2", "2.5", "3", "3.5", "3.9", "3.99", "3.999",
    "3.9999999999999996", "4", "4.000000000000001", "4.001", "4.01", "4.1", "4.5", "5", "6", "7",
    "8", "10", "12", "15", "18", "20", "22", "24", "25", "26",
    "26.5", "26.55", "26.6", "26.8", "27", "27.2", "27.25", "27.3", "27.5",
]

TINY = mp.ldexp(1, -1074)
for s in XS:
    v = mp.erfc(mp.mpf(float(s)))
    digits = mp.nstr(v, 25, min_fixed=-1, max_fixed=1)
    if v >= mp.ldexp(1, -1022):
        print('        {%s, %s},' % (s, digits))
    else:
        units = int(mp.nint(v / TINY))
        value = '0' if units == 0 else '%dL * Double.MIN_VALUE' % units
        print('        {%s, %s}, // %s' % (s, value, digits))
