/// The column names a summary file may use. Numbers are read as the text they were printed with,
/// so that checks can see the reported precision (GRIM needs "2.10", not 2.1).
public enum SummaryColumns {
    public static let numeric: Set<String> = [
        "n", "n_total", "mean", "sd", "se", "ci_lower", "ci_upper", "ci_level", "median", "q1", "q3", "min", "max",
        "events", "mean_pre", "sd_pre", "mean_post", "sd_post", "r", "estimate", "p", "statistic", "df",
        "scale_min", "scale_max", "items", "visit_week",
        // metafor's names for one row per study.
        "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "yi", "vi",
    ]
    /// Labels: which study, outcome, visit and arm a row belongs to.
    public static let labels = ["study", "outcome", "visit", "arm", "comparator", "role", "row_type"]
}
