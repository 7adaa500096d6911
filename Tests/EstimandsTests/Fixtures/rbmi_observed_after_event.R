# Generates rbmi_observed_after_event.json: reference-based conditional mean imputation with the
# jackknife when subjects have observed values after their intercurrent event, computed by the R
# package rbmi 1.4.0 (from the v1.4.0 tag of github.com/openpharma/rbmi, R CMD INSTALL) on mmrm
# 0.3.14. rbmi leaves such values out of the imputation model's fit for a non-MAR strategy, keeps
# them in the analysis as observed, and conditions the imputations on them.
#
# Run from the repository root:  Rscript Tests/EstimandsTests/Fixtures/rbmi_observed_after_event.R
#
# Data: antidepressant.csv (as rbmi_reference.R writes it), THERAPY levels PLACEBO then DRUG (trt is
# DRUG − PLACEBO), reference PLACEBO. Events: each patient's dropout (first visit of a terminal run
# of missing CHANGE), and, for the first 12 DRUG and the first 8 PLACEBO patients (by PATIENT) with
# every visit observed, an event at visit 6, so that their visits 6 and 7 are observed after it.
# Every event has the run's strategy (MAR, JR, CR, CIR, LMCF); JR is also run with δ = 1 added to
# the DRUG arm's missing values (delta_template's is_missing). Imputation model
# CHANGE ~ BASVAL*VISIT + THERAPY*VISIT, us; analysis ancova with BASVAL. The setup, and mmrm's
# optimizer tightened to nlminb (rel.tol 1e-10), from rbmi_antidepressant_setup.R.
source("Tests/EstimandsTests/Fixtures/rbmi_antidepressant_setup.R")
complete <- d %>% group_by(PATIENT, THERAPY) %>% summarise(all = all(!is.na(CHANGE)), .groups = "drop") %>% filter(all) %>%
  arrange(as.character(PATIENT))
chosen <- c(head(as.character(complete$PATIENT[complete$THERAPY == "DRUG"]), 12),
            head(as.character(complete$PATIENT[complete$THERAPY == "PLACEBO"]), 8))
events <- rbind(dropouts, data.frame(PATIENT = chosen, VISIT = "6")) %>% arrange(PATIENT)
analysis_vars <- set_vars(subjid = "PATIENT", outcome = "CHANGE", visit = "VISIT", group = "THERAPY", covariates = "BASVAL")
run <- function(strategy, shift = 0) {
  ice <- events %>% mutate(PATIENT = factor(PATIENT, levels = levels(d$PATIENT)), VISIT = factor(VISIT, levels = levels(d$VISIT)),
                           strategy = strategy)
  draws_obj <- draws(d, data_ice = ice, vars = vars, method = method_condmean(type = "jackknife"), quiet = TRUE)
  imputed <- impute(draws_obj, references = c("PLACEBO" = "PLACEBO", "DRUG" = "PLACEBO"))
  template <- delta_template(imputed) %>% mutate(delta = is_missing * shift * (THERAPY == "DRUG"))
  p <- as.data.frame(pool(analyse(imputed, ancova, delta = template[, c("PATIENT", "VISIT", "delta")], vars = analysis_vars)))
  list(strategy = strategy, delta = shift, parameter = I(p$parameter), est = I(sprintf("%.17g", p$est)), se = I(sprintf("%.17g", p$se)),
       pval = I(sprintf("%.17g", p$pval)))
}
results <- c(lapply(c("MAR", "JR", "CR", "CIR", "LMCF"), run), list(run("JR", 1)))
out <- list(generator = "Tests/EstimandsTests/Fixtures/rbmi_observed_after_event.R", rbmi = as.character(packageVersion("rbmi")),
            mmrm = as.character(packageVersion("mmrm")), r_version = R.version.string,
            events = lapply(seq_len(nrow(events)), function(i) list(subject = events$PATIENT[i], visit = events$VISIT[i])),
            results = results)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE), "Tests/EstimandsTests/Fixtures/rbmi_observed_after_event.json")
