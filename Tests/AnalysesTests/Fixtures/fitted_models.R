# Generates fitted_models.json: the log-likelihood, AIC, BIC and number of observations of the
# models FittedModelResultTests fits on the bundled demo trial, from R's stats and lme4.
# Run from the repository root: Rscript Tests/AnalysesTests/Fixtures/fitted_models.R
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
d <- read.csv("Datasets/demo-trial/demo-trial-long.csv")
d$arm <- factor(d$arm)
summarise <- function(fit) list(logLik = as.numeric(logLik(fit)), aic = AIC(fit), bic = BIC(fit), nobs = nobs(fit),
                                 coefficients = unname(if (inherits(fit, "lm")) coef(fit) else fixef(fit)))
out <- list(
  R = R.version.string, lme4 = as.character(packageVersion("lme4")),
  lm = summarise(lm(vas ~ arm * factor(visit) + age, data = d)),
  lmer = summarise(lmer(vas ~ arm + visit + (1 | subject), data = d, REML = TRUE))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "Tests/AnalysesTests/Fixtures/fitted_models.json")
