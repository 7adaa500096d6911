import ArgumentParser
import TrialData

/// What kind of file DATA is, and the companion files a REDCap export or an ADaM dataset needs;
/// shared by every command that reads trial data.
struct InputFormatOptions: ParsableArguments {
    @Option(help: "What DATA is: csv (default), redcap or adam.")
    var inputFormat: InputFormat = .csv

    @Option(help: "REDCap: the project's data dictionary (CSV), for choice labels and validation ranges.")
    var dictionary: String?

    @Option(help: "ADaM: the ADSL dataset (CSV), merged on USUBJID.")
    var adsl: String?

    @Option(help: "ADaM: the PARAMCD to analyse (needed when the file has several).")
    var param: String?

    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, redcap, adam
    }

    func validate() throws {
        if dictionary != nil && inputFormat != .redcap { throw ValidationError("--dictionary goes with --input-format redcap") }
        if (adsl != nil || param != nil) && inputFormat != .adam { throw ValidationError("--adsl and --param go with --input-format adam") }
    }

    /// The format and companion files, set on the source.
    func apply(to source: inout TrialDataSource) {
        source.inputFormat = TrialDataSource.InputFormat(rawValue: inputFormat.rawValue) ?? .csv
        source.dictionary = dictionary
        source.adsl = adsl
        source.parameter = param
    }

    /// Everything that decides how the file is adapted.
    var key: [String] {
        ["inputFormat=" + inputFormat.rawValue, "dictionary=" + (dictionary ?? ""), "adsl=" + (adsl ?? ""), "param=" + (param ?? "")]
    }
}
