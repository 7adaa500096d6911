# Generates published_reference.json: two-sample t tests recomputed from the arm-level numbers of
# Maniquis-Smigel 2017 (Datasets/published/maniquis-smigel-2017.csv), dextrose minus saline, with
# the saline n = 35 - 19 = 16 derived (it is not printed). Student: pooled variance; Welch: R's
# t.test formulas written out on the summaries; Hedges' g with the exact correction
# J = gamma(m/2) / (sqrt(m/2) gamma((m-1)/2)), m = n1 + n2 - 2 (metafor's escalc "SMD").
# Run from this folder:  Rscript published_reference.R
suppressPackageStartupMessages(library(jsonlite))
fmt <- function(v) sprintf("%.17g", v)
d <- read.csv("../../../Datasets/published/maniquis-smigel-2017.csv", stringsAsFactors = FALSE)
arms <- d[d$row_type == "arm" & d$outcome == "NRS pain change from baseline", ]
visits <- unique(arms$visit)
n1 <- 19; n2 <- 35 - 19
out <- lapply(visits, function(v) {
  a <- arms[arms$visit == v, ]
  m1 <- a$mean[1]; s1 <- a$sd[1]; m2 <- a$mean[2]; s2 <- a$sd[2]
  sp <- sqrt(((n1 - 1) * s1^2 + (n2 - 1) * s2^2) / (n1 + n2 - 2))
  se <- sp * sqrt(1 / n1 + 1 / n2); df <- n1 + n2 - 2
  t <- (m1 - m2) / se
  v1 <- s1^2 / n1; v2 <- s2^2 / n2
  dfw <- (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1))
  tw <- (m1 - m2) / sqrt(v1 + v2)
  m <- n1 + n2 - 2
  g <- exp(lgamma(m / 2) - log(sqrt(m / 2)) - lgamma((m - 1) / 2)) * (m1 - m2) / sp
  list(visit = v, hedges_g = fmt(g), difference = fmt(m1 - m2), ci = fmt(m1 - m2 + c(-1, 1) * qt(0.975, df) * se),
       p_student = fmt(2 * pt(-abs(t), df)), p_welch = fmt(2 * pt(-abs(tw), dfw)))
})
writeLines(toJSON(list(maniquis_smigel = out), auto_unbox = TRUE, pretty = TRUE, digits = NA), "published_reference.json")
