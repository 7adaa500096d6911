# Writes metafor's example data sets as the summary files `trialstats meta` reads (one row per
# study, metafor's column names), so that plans and notebooks can pool them and the results can
# be compared with metafor's own. Run from this folder: Rscript export.R
suppressMessages(library(metafor))

# BCG vaccine trials (Colditz et al. 1994): 2×2 counts per trial. tpos/tneg: vaccinated with and
# without TB; cpos/cneg: not vaccinated.
bcg <- dat.bcg
write.csv(data.frame(study = paste(bcg$author, bcg$year), ai = bcg$tpos, bi = bcg$tneg, ci = bcg$cpos, di = bcg$cneg,
                     allocation = bcg$alloc),
          "bcg.csv", row.names = FALSE, quote = TRUE)

# Normand (1999): length of hospital stay, specialist vs routine care, means and SDs per arm.
normand <- dat.normand1999
write.csv(data.frame(study = normand$source, m1i = normand$m1i, sd1i = normand$sd1i, n1i = normand$n1i,
                     m2i = normand$m2i, sd2i = normand$sd2i, n2i = normand$n2i),
          "normand1999.csv", row.names = FALSE, quote = TRUE)

# The results these files should give, for comparison (printed, not used by tests).
print(rma(measure = "RR", ai = ai, bi = bi, ci = ci, di = di, data = read.csv("bcg.csv"), method = "REML", test = "knha"))
print(rma(measure = "SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = read.csv("normand1999.csv"), method = "REML"))
