# Generates baseline_covariate_mmrm.json: the standard primary MMRM of the demo trial (post-baseline
# visits, the baseline VAS as covariate, arm × visit, unstructured covariance, REML), fitted by
# nlme::gls, for `trialstats fit --add-baseline vas --where 'visit > 0'`.
# Run from the repository root: Rscript Tests/AnalysesTests/Fixtures/baseline_covariate_mmrm.R
suppressPackageStartupMessages({ library(nlme); library(jsonlite) })
d <- read.csv("Datasets/demo-trial/demo-trial-long.csv")
bl <- d[d$visit == 0, c("subject", "vas")]; names(bl)[2] <- "vas_bl"
d <- merge(d, bl, by = "subject")
d <- d[d$visit > 0 & !is.na(d$vas), ]
d$arm <- relevel(factor(d$arm), ref = "saline"); d$visit <- factor(d$visit)
d <- d[order(d$subject, d$visit), ]
d$idx <- as.integer(d$visit)
f <- gls(vas ~ vas_bl + arm * visit, data = d, correlation = corSymm(form = ~ idx | subject),
         weights = varIdent(form = ~ 1 | visit), method = "REML", control = glsControl(tolerance = 1e-12))
out <- list(R = R.version.string, nlme = as.character(packageVersion("nlme")), nobs = nobs(f),
            logLik = as.numeric(logLik(f)), coefficients = as.list(coef(f)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "Tests/AnalysesTests/Fixtures/baseline_covariate_mmrm.json")
