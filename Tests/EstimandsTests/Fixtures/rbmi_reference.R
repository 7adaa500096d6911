# Generates rbmi_reference.json: reference-based multiple imputation by conditional mean
# imputation with jackknife standard errors (Wolbers et al. 2022), computed by the R package
# rbmi, the reference for TrialStats' estimand / reference-based imputation code.
#
# Run from the repository root:  Rscript Tests/EstimandsTests/Fixtures/rbmi_reference.R
# Written for rbmi 1.4.0 (installed from the v1.4.0 tag of github.com/openpharma/rbmi with
# `R CMD INSTALL`) and mmrm 0.3.14; the versions actually used are recorded in the JSON.
#
# Writes (all in Tests/EstimandsTests/Fixtures/):
#   antidepressant.csv       rbmi's `antidepressant_data`, prepared as rbmi's "quickstart" vignette
#                            prepares it: expand_locf() adds a row for every PATIENT x VISIT,
#                            carrying BASVAL and THERAPY forward; CHANGE (and the other
#                            per-visit columns) are empty where the visit is missing.
#                            THERAPY levels are the data set's own, DRUG then PLACEBO, as in
#                            the vignette; VISIT levels 4, 5, 6, 7.
#   mmrm_trial_expanded.csv  Datasets/simulated-mmrm/mmrm-trial.csv restricted to the saline and
#                            dextrose arms, with a row for every subject x visit (vas empty
#                            where missing; arm, vas_bl copied; no LOCF of the outcome).
#   rbmi_reference.json      per data set and per strategy (MAR, JR, CR, CIR, LMCF): the
#                            full-data MMRM fit (beta, Sigma) and the pooled jackknife results.
#
# Model (both data sets), as in the quickstart vignette:
#   imputation model: outcome ~ 1 + group + visit + baseline*visit + group*visit, unstructured
#     covariance common to both arms, REML (method_condmean(type = "jackknife"), covariance "us");
#   analysis model: rbmi::ancova, per visit  outcome ~ group + baseline  (counterfactual weights);
#   pooling: jackknife SE, normal-approximation 95% CI and two-sided p-value.
# ICE: a subject's ICE is the first visit of a terminal run of missing outcomes (monotone
# dropout). Intermittent missing outcomes (an observed visit follows) get no ICE and are imputed
# under MAR, as rbmi does by default. Every subject with an ICE gets the run's strategy
# (also "MAR" in the MAR run). References: every arm -> the control arm.
#
# Numbers are written as strings with sprintf("%.17g").
#
# The MMRM optimizer: rbmi 1.4.0 offers no way to pass mmrm control options (method_condmean()
# has no control argument, and rbmi:::fit_mmrm() calls mmrm::mmrm(formula, data, reml, n_cores = 1,
# accept_singular = FALSE), i.e. mmrm's default L-BFGS-B with loose default tolerances; its
# estimates of Sigma are ~4e-3 off the REML optimum on the antidepressant data). This script
# therefore replaces rbmi's internal wrapper rbmi:::eval_mmrm (in this R session only, via
# assignInNamespace) by one that adds
#   optimizer = "nlminb", optimizer_control = list(rel.tol = 1e-10, eval.max = 1000, iter.max = 1000)
# to the mmrm::mmrm() call it evaluates (nlminb with mmrm's exact Hessian, i.e. Newton steps).
# Everything else (warning/convergence handling, which makes a jackknife fit that fails abort
# the run) is rbmi's own code. rel.tol = 1e-10 (nlminb's default) is the tightest that every
# jackknife fit accepts: with 1e-11 ... 1e-14 nlminb ends some fits with "singular convergence (7)"
# (6 of 173 antidepressant fits, 2 of 81 mmrm-trial fits at 1e-12), which mmrm reports as a
# convergence problem and rbmi turns into an error. Where 1e-14 does converge its estimates are
# identical to those at 1e-10 (difference exactly 0), and at the 1e-10 solution the remaining
# Newton step in the covariance parameters is below ~1e-8. For comparison the
# antidepressant JR run is also done once with rbmi's unmodified default optimizer
# ("default_optimizer_check" in the JSON).

suppressPackageStartupMessages({
  library(rbmi)
  library(mmrm)
  library(dplyr)
  library(jsonlite)
})

if (!file.exists("Package.swift")) stop("Run this script from the repository root")
out_dir <- "Tests/EstimandsTests/Fixtures"
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

num <- function(x) sprintf("%.17g", x)
num_vec <- function(x) I(sprintf("%.17g", x))
num_mat <- function(m) lapply(seq_len(nrow(m)), function(i) num_vec(m[i, ]))

# ---------------------------------------------------------------------------------------------
# Optimizer: tighten mmrm inside rbmi (see header)
# ---------------------------------------------------------------------------------------------
optimizer_settings <- list(
  optimizer = "nlminb",
  optimizer_control = list(rel.tol = 1e-10, eval.max = 1000, iter.max = 1000)
)
eval_mmrm_default <- rbmi:::eval_mmrm
eval_mmrm_tight <- function(expr) {
  call <- substitute(expr)
  if (is.call(call) && identical(call[[1]], as.name("{"))) call <- call[[2]]
  stopifnot(identical(call[[1]], quote(mmrm::mmrm)))
  call$optimizer <- optimizer_settings$optimizer
  call$optimizer_control <- optimizer_settings$optimizer_control
  eval(as.call(list(eval_mmrm_default, call)), parent.frame())
}
environment(eval_mmrm_tight) <- asNamespace("rbmi")
use_optimizer <- function(tight) {
  assignInNamespace("eval_mmrm", if (tight) eval_mmrm_tight else eval_mmrm_default, "rbmi")
}

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# ICE = first visit of a terminal run of missing outcomes; one row per subject with such a run.
monotone_ice <- function(dat, subjid, visit, outcome) {
  dat <- dat[order(dat[[subjid]], dat[[visit]]), ]
  rows <- lapply(split(dat, dat[[subjid]], drop = TRUE), function(d) {
    miss <- is.na(d[[outcome]])
    if (!miss[length(miss)]) return(NULL)
    last_obs <- max(c(0, which(!miss)))
    d[last_obs + 1, c(subjid, visit)]
  })
  ice <- do.call(rbind, rows)
  rownames(ice) <- NULL
  ice
}

# Write a data frame with full precision; missing values as empty fields.
write_csv_full <- function(dat, path) {
  out <- dat
  for (v in names(out)) {
    if (is.numeric(out[[v]])) {
      out[[v]] <- ifelse(is.na(out[[v]]), NA, sprintf("%.17g", out[[v]]))
    } else {
      out[[v]] <- as.character(out[[v]])
    }
  }
  write.csv(out, path, row.names = FALSE, na = "", quote = FALSE)
}

strategies <- c("MAR", "JR", "CR", "CIR", "LMCF")

# One strategy: draws + impute + analyse + pool, timed.
run_strategy <- function(dat, ice, strategy, vars, vars_an, references) {
  data_ice <- ice
  data_ice$strategy <- strategy
  method <- method_condmean(covariance = "us", type = "jackknife")
  timing <- system.time({
    drawObj <- draws(data = dat, data_ice = data_ice, vars = vars, method = method, quiet = TRUE)
    imputeObj <- impute(drawObj, references = references)
    anaObj <- analyse(imputeObj, ancova, vars = vars_an)
    poolObj <- pool(anaObj)
  })
  pooled <- as.data.frame(poolObj)

  full <- drawObj$samples[[1]]          # the fit to the full data set (not a jackknife sample)
  stopifnot(setequal(full$ids, unique(as.character(dat[[vars$subjid]]))))
  sig <- full$sigma
  stopifnot(all(vapply(sig, function(s) isTRUE(all.equal(s, sig[[1]], tolerance = 0)), logical(1))))

  # Conditional-mean imputed values of the full-data imputation (the first imputed data set;
  # rbmi stores, per subject, the values for its missing visits in visit order).
  longdata <- imputeObj$data
  imputed <- do.call(rbind, lapply(imputeObj$imputations[[1]], function(single) {
    miss <- longdata$is_missing[[single$id]]
    if (!any(miss)) return(NULL)
    data.frame(subject = single$id, visit = longdata$visits[miss], value = as.vector(single$values))
  }))
  stopifnot(nrow(imputed) == sum(is.na(dat[[vars$outcome]])))

  list(
    elapsed_seconds = num(timing[["elapsed"]]),
    n_mmrm_fits = length(drawObj$samples),
    n_failures = drawObj$n_failures,
    full_fit = list(
      beta = num_vec(full$beta),
      sigma = num_mat(sig[[1]])
    ),
    full_data_imputed = lapply(seq_len(nrow(imputed)), function(i) list(
      subject = imputed$subject[i], visit = imputed$visit[i], value = num(imputed$value[i])
    )),
    pooled = lapply(seq_len(nrow(pooled)), function(i) list(
      parameter = pooled$parameter[i],
      est = num(pooled$est[i]),
      se = num(pooled$se[i]),
      lci = num(pooled$lci[i]),
      uci = num(pooled$uci[i]),
      pval = num(pooled$pval[i])
    ))
  )
}

design_columns <- function(dat, vars) {
  frm <- as.formula(paste("~ 1 +", paste(c(vars$group, vars$visit, vars$covariates), collapse = " + ")))
  colnames(model.matrix(frm, dat))
}

run_dataset <- function(name, dat, csv_path, ice, vars, vars_an, references, description) {
  cat(sprintf("\n== %s: %d subjects, %d ICEs\n", name, length(unique(dat[[vars$subjid]])), nrow(ice)))
  results <- list()
  for (s in strategies) {
    results[[s]] <- run_strategy(dat, ice, s, vars, vars_an, references)
    cat(sprintf("  %-4s %6.1f s\n", s, as.numeric(results[[s]]$elapsed_seconds)))
  }
  miss_subjects <- unique(as.character(dat[[vars$subjid]][is.na(dat[[vars$outcome]])]))
  list(
    description = description,
    csv = csv_path,
    vars = list(
      subjid = vars$subjid, visit = vars$visit, group = vars$group, outcome = vars$outcome,
      imputation_covariates = I(vars$covariates),
      analysis_covariates = I(vars_an$covariates)
    ),
    imputation_formula = paste(vars$outcome, "~ 1 +",
                               paste(c(vars$group, vars$visit, vars$covariates), collapse = " + ")),
    design_columns = I(design_columns(dat, vars)),
    group_levels = I(levels(dat[[vars$group]])),
    visit_levels = I(levels(dat[[vars$visit]])),
    references = as.list(references),
    analysis_note = paste0(
      "rbmi::ancova per visit: 'ref' is the first group level (", levels(dat[[vars$group]])[1],
      "), 'alt' the second (", levels(dat[[vars$group]])[2], "); trt_<visit> = lsm_alt - lsm_ref."
    ),
    n_subjects = length(unique(dat[[vars$subjid]])),
    n_rows = nrow(dat),
    n_missing = sum(is.na(dat[[vars$outcome]])),
    ice = lapply(seq_len(nrow(ice)), function(i) list(
      subject = as.character(ice[[vars$subjid]][i]), visit = as.character(ice[[vars$visit]][i])
    )),
    intermittent_missing_subjects_mar = I(setdiff(miss_subjects, as.character(ice[[vars$subjid]]))),
    strategies = results
  )
}

# ---------------------------------------------------------------------------------------------
# Data set 1: rbmi's antidepressant trial, as in the quickstart vignette
# ---------------------------------------------------------------------------------------------
data("antidepressant_data", package = "rbmi")
ad <- antidepressant_data
ad <- expand_locf(
  ad,
  PATIENT = levels(ad$PATIENT),
  VISIT = levels(ad$VISIT),
  vars = c("BASVAL", "THERAPY"),
  group = c("PATIENT"),
  order = c("PATIENT", "VISIT")
)
ad_csv <- file.path(out_dir, "antidepressant.csv")
write_csv_full(ad, ad_csv)

ad_ice <- monotone_ice(ad, "PATIENT", "VISIT", "CHANGE")
# Same as the vignette's construction: first missing visit per patient, minus patient 3618
# (whose only missing visit is intermittent).
vignette_ice <- ad %>%
  arrange(PATIENT, VISIT) %>%
  filter(is.na(CHANGE)) %>%
  group_by(PATIENT) %>%
  slice(1) %>%
  ungroup() %>%
  select(PATIENT, VISIT) %>%
  as.data.frame()
vignette_ice <- vignette_ice[vignette_ice$PATIENT != "3618", ]
stopifnot(identical(as.character(ad_ice$PATIENT), as.character(vignette_ice$PATIENT)),
          identical(as.character(ad_ice$VISIT), as.character(vignette_ice$VISIT)))

ad_vars <- set_vars(outcome = "CHANGE", visit = "VISIT", subjid = "PATIENT", group = "THERAPY",
                    covariates = c("BASVAL*VISIT", "THERAPY*VISIT"))
ad_vars_an <- set_vars(subjid = "PATIENT", outcome = "CHANGE", visit = "VISIT", group = "THERAPY",
                       covariates = c("BASVAL"))
ad_refs <- c("DRUG" = "PLACEBO", "PLACEBO" = "PLACEBO")

# ---------------------------------------------------------------------------------------------
# Data set 2: TrialStats' simulated trial, saline (control) vs dextrose
# ---------------------------------------------------------------------------------------------
sim_raw <- read.csv("Datasets/simulated-mmrm/mmrm-trial.csv", stringsAsFactors = FALSE)
sim_raw <- sim_raw[sim_raw$arm %in% c("saline", "dextrose"), ]
visit_week <- unique(sim_raw[, c("visit", "week")])
visit_week <- visit_week[order(visit_week$week), ]
subjects <- unique(sim_raw[, c("subject", "arm", "vas_bl")])
stopifnot(!anyDuplicated(subjects$subject))
sim <- merge(subjects, visit_week, by = NULL)
sim <- merge(sim, sim_raw[, c("subject", "visit", "vas", "weight")], by = c("subject", "visit"), all.x = TRUE)
sim <- sim[order(sim$subject, sim$week), c("subject", "arm", "vas_bl", "visit", "week", "vas", "weight")]
rownames(sim) <- NULL
stopifnot(nrow(sim) == nrow(subjects) * nrow(visit_week), sum(!is.na(sim$vas)) == nrow(sim_raw))
sim_csv <- file.path(out_dir, "mmrm_trial_expanded.csv")
write_csv_full(sim, sim_csv)
sim$subject <- factor(sim$subject)
sim$arm <- factor(sim$arm, levels = c("saline", "dextrose"))
sim$visit <- factor(sim$visit, levels = visit_week$visit)

sim_ice <- monotone_ice(sim, "subject", "visit", "vas")
sim_vars <- set_vars(outcome = "vas", visit = "visit", subjid = "subject", group = "arm",
                     covariates = c("vas_bl*visit", "arm*visit"))
sim_vars_an <- set_vars(subjid = "subject", outcome = "vas", visit = "visit", group = "arm",
                        covariates = c("vas_bl"))
sim_refs <- c("dextrose" = "saline", "saline" = "saline")

# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------
set.seed(20260101)  # the jackknife is deterministic; set only for good measure
use_optimizer(tight = TRUE)
res_ad <- run_dataset(
  "antidepressant", ad, ad_csv, ad_ice, ad_vars, ad_vars_an, ad_refs,
  "rbmi::antidepressant_data prepared as in rbmi's quickstart vignette (expand_locf)"
)
res_sim <- run_dataset(
  "mmrm_trial", sim, sim_csv, sim_ice, sim_vars, sim_vars_an, sim_refs,
  paste("Datasets/simulated-mmrm/mmrm-trial.csv, arms saline (control) and dextrose,",
        "expanded to every subject x visit")
)

# rbmi's unmodified default optimizer, antidepressant JR, for comparison.
use_optimizer(tight = FALSE)
default_jr <- run_strategy(ad, ad_ice, "JR", ad_vars, ad_vars_an, ad_refs)
use_optimizer(tight = TRUE)
cat(sprintf("\n  JR with rbmi's default optimizer: %.1f s\n", as.numeric(default_jr$elapsed_seconds)))

# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------
out <- list(
  generated_by = "Tests/EstimandsTests/Fixtures/rbmi_reference.R",
  generated_at = format(Sys.time(), "%Y-%m-%dT%H:%M:%S%z"),
  versions = list(
    rbmi = as.character(packageVersion("rbmi")),
    mmrm = as.character(packageVersion("mmrm")),
    R = R.version.string
  ),
  settings = list(
    method = "method_condmean(covariance = \"us\", type = \"jackknife\") (REML = TRUE, same_cov = TRUE)",
    analysis = "ancova (weights = \"counterfactual\")",
    pool = "pool(conf.level = 0.95, alternative = \"two.sided\"): jackknife SE, normal CI and p-value",
    mmrm_optimizer = list(
      optimizer = optimizer_settings$optimizer,
      optimizer_control = lapply(optimizer_settings$optimizer_control, num),
      how = paste("rbmi:::eval_mmrm replaced (assignInNamespace) by a wrapper adding optimizer and",
                  "optimizer_control to rbmi's mmrm::mmrm() call; rbmi 1.4.0 has no option for this"),
      note = paste("rel.tol 1e-10 is the tightest every jackknife fit accepts (1e-11 to 1e-14 end some",
                   "fits with nlminb 'singular convergence (7)'); where 1e-14 converges it gives",
                   "identical estimates")
    ),
    strategies = I(strategies),
    ice_rule = paste("first visit of a terminal run of missing outcomes; intermittent missing",
                     "outcomes have no ICE (MAR)"),
    numbers = "strings, sprintf(\"%.17g\")",
    elapsed_seconds = "system.time() elapsed around draws + impute + analyse + pool, one core"
  ),
  datasets = list(
    antidepressant = res_ad,
    mmrm_trial = res_sim
  ),
  default_optimizer_check = list(
    description = paste("antidepressant, JR, rbmi's unmodified mmrm call (mmrm default: L-BFGS-B",
                        "first, default tolerances); for comparison only"),
    result = default_jr
  )
)
json_path <- file.path(out_dir, "rbmi_reference.json")
write_json(out, json_path, auto_unbox = TRUE, pretty = TRUE, digits = NA)
cat("\nWrote", json_path, ad_csv, sim_csv, "\n")
