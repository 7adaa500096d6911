# Generates rbmi_bootstrap.json: rbmi 1.4.0's conditional mean imputation with the bootstrap and
# its approximate Bayesian multiple imputation, on the antidepressant trial under JR (events at
# each patient's dropout), the references for TrialStats' ConditionalMeanBootstrap,
# ApproximateBayesianImputation, Pooling and VisitANCOVA.inference.
#
# Run from the repository root:  Rscript Tests/EstimandsTests/Fixtures/rbmi_bootstrap.R
# (rbmi 1.4.0 and mmrm 0.3.14 built from their public sources; mmrm's optimizer tightened inside
# rbmi as rbmi_antidepressant_setup.R explains.)
#
# Writes, all numbers as strings with sprintf("%.17g"):
#   ancova_full_data  rbmi's ancova of the conditional-mean (jackknife run's whole-data)
#                     imputation: est, se and df of every parameter (the analysis's own inference).
#   condmean_bootstrap  method_condmean(type = "bootstrap", n_samples = 100), set.seed(20261206):
#                     the samples' patient ids (the sample's order; a patient as often as drawn),
#                     rbmi's pooled rows with type = "percentile" (its default) and "normal".
#   approxbayes       method_approxbayes(n_samples = 20), set.seed(20261207): each sample's patient
#                     ids (rbmi does not keep them for this method; they are drawn again from the
#                     same seed before draws(), which draws its sample stack first, and checked
#                     against the condmean run's way of keeping them), each sample's Σ, each
#                     imputation's ancova rows (est, se, df), and the pooled rows (Rubin's rules).
#   approxbayes_large method_approxbayes(n_samples = 1000), set.seed(20261208), for MAR and JR:
#                     the pooled rows and, per parameter, the between-imputation variance of the
#                     estimates (the Monte-Carlo error of the pooled estimate is √(B/M)).
source("Tests/EstimandsTests/Fixtures/rbmi_antidepressant_setup.R")
num <- function(x) I(sprintf("%.17g", x))
references <- c("PLACEBO" = "PLACEBO", "DRUG" = "PLACEBO")
vars_an <- set_vars(subjid = "PATIENT", outcome = "CHANGE", visit = "VISIT", group = "THERAPY", covariates = "BASVAL")
ice_for <- function(strategy) {
  dropouts %>% mutate(PATIENT = factor(PATIENT, levels = levels(d$PATIENT)), VISIT = factor(VISIT, levels = levels(d$VISIT)),
                      strategy = strategy)
}
pooled_rows <- function(p) {
  p <- as.data.frame(p)
  list(parameter = I(p$parameter), est = num(p$est), se = num(p$se), lci = num(p$lci), uci = num(p$uci), pval = num(p$pval))
}
ancova_rows <- function(result) {
  list(parameter = I(names(result)), est = num(sapply(result, `[[`, "est")), se = num(sapply(result, `[[`, "se")),
       df = num(sapply(result, `[[`, "df")))
}
ice <- ice_for("JR")

# The analysis's own inference, on the conditional-mean imputation of the whole data.
jack <- draws(d, data_ice = ice, vars = vars, method = method_condmean(type = "jackknife"), quiet = TRUE)
jack_analysis <- analyse(impute(jack, references = references), ancova, vars = vars_an)
ancova_full_data <- ancova_rows(jack_analysis$results[[1]])

# Conditional mean imputation with the bootstrap.
set.seed(20261206)
boot <- draws(d, data_ice = ice, vars = vars, method = method_condmean(type = "bootstrap", n_samples = 100), quiet = TRUE)
stopifnot(boot$n_failures == 0)
boot_ids <- lapply(boot$samples[-1], function(s) I(as.character(s$ids)))
boot_analysis <- analyse(impute(boot, references = references), ancova, vars = vars_an)
condmean_bootstrap <- list(n_samples = 100, seed = 20261206, samples = boot_ids,
                           percentile = pooled_rows(pool(boot_analysis, type = "percentile")),
                           normal = pooled_rows(pool(boot_analysis, type = "normal")))

# Approximate Bayesian MI: the sample stack drawn again from the seed, as draws() draws it first.
draw_stack <- function(seed, method, ice) {
  set.seed(seed)
  longdata <- rbmi:::longDataConstructor$new(d, vars)
  longdata$set_strategies(ice)
  stack <- rbmi:::get_bootstrap_stack(longdata, method)
  stack$pop(method$n_samples)
}
set.seed(20261206)
check_stack <- draw_stack(20261206, method_condmean(type = "bootstrap", n_samples = 100), ice)
stopifnot(identical(lapply(check_stack, as.character), lapply(boot$samples[-1], function(s) as.character(s$ids))))

ab_method <- method_approxbayes(n_samples = 20)
ab_ids <- draw_stack(20261207, ab_method, ice)
set.seed(20261207)
ab <- draws(d, data_ice = ice, vars = vars, method = ab_method, quiet = TRUE)
stopifnot(ab$n_failures == 0)
ab_analysis <- analyse(impute(ab, references = references), ancova, vars = vars_an)
approxbayes <- list(n_samples = 20, seed = 20261207,
                    samples = lapply(ab_ids, function(x) I(as.character(x))),
                    sigma = lapply(ab$samples, function(s) num(as.vector(s$sigma[["PLACEBO"]]))),
                    imputations = lapply(ab_analysis$results, ancova_rows),
                    pooled = pooled_rows(pool(ab_analysis)))

# Large-M runs for the Monte-Carlo comparison.
large <- lapply(c("MAR", "JR"), function(strategy) {
  set.seed(20261208)
  draws_large <- draws(d, data_ice = ice_for(strategy), vars = vars, method = method_approxbayes(n_samples = 1000), quiet = TRUE)
  analysis <- analyse(impute(draws_large, references = references), ancova, vars = vars_an)
  ests <- sapply(analysis$results, function(r) sapply(r, `[[`, "est"))
  list(strategy = strategy, n_samples = 1000, failures = draws_large$n_failures, pooled = pooled_rows(pool(analysis)),
       between_variance = num(apply(ests, 1, var)))
})

out <- list(generator = "Tests/EstimandsTests/Fixtures/rbmi_bootstrap.R", rbmi = as.character(packageVersion("rbmi")),
            mmrm = as.character(packageVersion("mmrm")), r_version = R.version.string, strategy = "JR", reference = "PLACEBO",
            treatment = "DRUG", ancova_full_data = ancova_full_data, condmean_bootstrap = condmean_bootstrap,
            approxbayes = approxbayes, approxbayes_large = large)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE, digits = NA), "Tests/EstimandsTests/Fixtures/rbmi_bootstrap.json")
