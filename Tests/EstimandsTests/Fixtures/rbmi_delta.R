# Generates rbmi_delta.json: delta adjustment and a tipping-point scan of reference-based
# conditional mean imputation with the jackknife, computed by the R package rbmi 1.4.0 (from the
# v1.4.0 tag of github.com/openpharma/rbmi, R CMD INSTALL) on mmrm 0.3.14.
#
# Run from the repository root:  Rscript Tests/EstimandsTests/Fixtures/rbmi_delta.R
#
# Data: antidepressant.csv (rbmi's antidepressant_data as rbmi_reference.R writes it), CHANGE by
# VISIT 4-7, THERAPY levels PLACEBO then DRUG (so ancova's trt is DRUG − PLACEBO), an event at
# each patient's dropout (first visit of a terminal run of missing CHANGE) handled by jump to
# reference, reference PLACEBO. Imputation model CHANGE ~ BASVAL*VISIT + THERAPY*VISIT, us (the
# setup, and mmrm's optimizer, from rbmi_antidepressant_setup.R).
# For each delta δ in the grid: delta_template() rows get delta = is_missing × δ in the DRUG arm,
# analyse(…, ancova, delta = …) and pool(): every parameter; and once with deltas by arm and visit
# (byArmAndVisit).
source("Tests/EstimandsTests/Fixtures/rbmi_antidepressant_setup.R")
ice <- dropouts %>% mutate(PATIENT = factor(PATIENT, levels = levels(d$PATIENT)), VISIT = factor(VISIT, levels = levels(d$VISIT)),
                           strategy = "JR")
draws_obj <- draws(d, data_ice = ice, vars = vars, method = method_condmean(type = "jackknife"), quiet = TRUE)
imputed <- impute(draws_obj, references = c("PLACEBO" = "PLACEBO", "DRUG" = "PLACEBO"))
deltas <- c(0, 0.5, 1, 2, 4)
results <- lapply(deltas, function(shift) {
  # (`shift`, not `delta`: inside mutate() `delta` would be the template's own column.)
  template <- delta_template(imputed) %>% mutate(delta = is_missing * shift * (THERAPY == "DRUG"))
  analysed <- analyse(imputed, ancova, delta = template[, c("PATIENT", "VISIT", "delta")],
                      vars = set_vars(subjid = "PATIENT", outcome = "CHANGE", visit = "VISIT", group = "THERAPY", covariates = "BASVAL"))
  p <- as.data.frame(pool(analysed))
  list(delta = shift, parameter = I(p$parameter), est = I(sprintf("%.17g", p$est)), se = I(sprintf("%.17g", p$se)),
       pval = I(sprintf("%.17g", p$pval)))
})
# Deltas by arm and visit: DRUG 0, 0.5, 1 and 2 at visits 4 to 7, PLACEBO −1 at visit 7.
by_visit <- data.frame(THERAPY = c(rep("DRUG", 4), rep("PLACEBO", 4)), VISIT = rep(c("4", "5", "6", "7"), 2),
                       shift = c(0, 0.5, 1, 2, 0, 0, 0, -1))
template <- delta_template(imputed) %>% mutate(THERAPY = as.character(THERAPY), VISIT = as.character(VISIT)) %>%
  left_join(by_visit, by = c("THERAPY", "VISIT")) %>% mutate(delta = is_missing * shift)
template$VISIT <- factor(template$VISIT, levels = levels(d$VISIT))
analysed <- analyse(imputed, ancova, delta = template[, c("PATIENT", "VISIT", "delta")],
                    vars = set_vars(subjid = "PATIENT", outcome = "CHANGE", visit = "VISIT", group = "THERAPY", covariates = "BASVAL"))
p <- as.data.frame(pool(analysed))
by_arm_and_visit <- list(arm = I(by_visit$THERAPY), visit = I(by_visit$VISIT), delta = I(by_visit$shift), parameter = I(p$parameter),
                         est = I(sprintf("%.17g", p$est)), se = I(sprintf("%.17g", p$se)), pval = I(sprintf("%.17g", p$pval)))
out <- list(generator = "Tests/EstimandsTests/Fixtures/rbmi_delta.R", rbmi = as.character(packageVersion("rbmi")),
            mmrm = as.character(packageVersion("mmrm")), r_version = R.version.string, strategy = "JR", reference = "PLACEBO",
            treatment = "DRUG", results = results, byArmAndVisit = by_arm_and_visit)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/EstimandsTests/Fixtures/rbmi_delta.json")
