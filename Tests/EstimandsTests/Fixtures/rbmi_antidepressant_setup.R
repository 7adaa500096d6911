# Sourced by rbmi_delta.R and rbmi_observed_after_event.R (not run on its own): rbmi, mmrm's
# optimizer tightened inside rbmi to nlminb rel.tol 1e-10 (rbmi 1.4.0 has no option for it, so
# rbmi:::eval_mmrm is replaced in this R session, as rbmi_reference.R explains), and `d`, the
# antidepressant trial of antidepressant.csv with THERAPY levels PLACEBO then DRUG (so ancova's
# trt is DRUG − PLACEBO), with `dropouts`, each patient's first visit of a terminal run of missing
# CHANGE, and `vars`, the imputation model's variables (CHANGE ~ BASVAL*VISIT + THERAPY*VISIT).
suppressPackageStartupMessages({ library(rbmi); library(dplyr); library(jsonlite) })
if (!file.exists("Package.swift")) stop("Run this script from the repository root")
eval_mmrm_default <- rbmi:::eval_mmrm
eval_mmrm_tight <- function(expr) {
  call <- substitute(expr)
  if (is.call(call) && identical(call[[1]], as.name("{"))) call <- call[[2]]
  call$optimizer <- "nlminb"
  call$optimizer_control <- list(rel.tol = 1e-10, eval.max = 1000, iter.max = 1000)
  eval(as.call(list(eval_mmrm_default, call)), parent.frame())
}
environment(eval_mmrm_tight) <- asNamespace("rbmi")
assignInNamespace("eval_mmrm", eval_mmrm_tight, "rbmi")

d <- read.csv("Tests/EstimandsTests/Fixtures/antidepressant.csv", stringsAsFactors = FALSE)
d$PATIENT <- factor(d$PATIENT)
d$VISIT <- factor(d$VISIT, levels = c(4, 5, 6, 7))
d$THERAPY <- factor(d$THERAPY, levels = c("PLACEBO", "DRUG"))
dropouts <- d %>% arrange(PATIENT, VISIT) %>% group_by(PATIENT) %>%
  mutate(terminal = rev(cumprod(rev(is.na(CHANGE))))) %>% filter(terminal == 1) %>% slice(1) %>% ungroup() %>%
  transmute(PATIENT = as.character(PATIENT), VISIT = as.character(VISIT))
vars <- set_vars(outcome = "CHANGE", visit = "VISIT", subjid = "PATIENT", group = "THERAPY",
                 covariates = c("BASVAL*VISIT", "THERAPY*VISIT"), strategy = "strategy")
