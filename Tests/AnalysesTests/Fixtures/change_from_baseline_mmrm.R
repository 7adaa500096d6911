# Generates change_from_baseline_mmrm.json: an MMRM of the change from baseline in VAS of the demo
# trial's post-baseline visits (arm × visit, unstructured covariance, REML), with the arms labelled
# as a clinic export might ("D5W" for dextrose), fitted by nlme::gls; for
# `trialstats fit --add-change vas --where 'visit > 0' --recode 'arm:dextrose=D5W'`.
# Run from the repository root: Rscript Tests/AnalysesTests/Fixtures/change_from_baseline_mmrm.R
suppressPackageStartupMessages({ library(nlme); library(jsonlite) })
d <- read.csv("Datasets/demo-trial/demo-trial-long.csv")
d$arm[d$arm == "dextrose"] <- "D5W"
bl <- d[d$visit == 0, c("subject", "vas")]; names(bl)[2] <- "vas_bl"
d <- merge(d, bl, by = "subject")
d$vas_change <- d$vas - d$vas_bl
d <- d[d$visit > 0 & !is.na(d$vas_change), ]
d$arm <- relevel(factor(d$arm), ref = "saline"); d$visit <- factor(d$visit)
d <- d[order(d$subject, d$visit), ]
d$idx <- as.integer(d$visit)
f <- gls(vas_change ~ arm * visit, data = d, correlation = corSymm(form = ~ idx | subject),
         weights = varIdent(form = ~ 1 | visit), method = "REML", control = glsControl(tolerance = 1e-12))
out <- list(R = R.version.string, nlme = as.character(packageVersion("nlme")), nobs = nobs(f),
            logLik = as.numeric(logLik(f)), coefficients = as.list(coef(f)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "Tests/AnalysesTests/Fixtures/change_from_baseline_mmrm.json")
