/// How the values after an intercurrent event are imputed (Carpenter, Roger & Kenward 2013;
/// rbmi's strategies), each but MAR relative to a reference arm.
public enum ImputationStrategy: String, Codable, Sendable, CaseIterable {
    /// Missing at random: the subject's own arm's mean, given the subject's observed values.
    case missingAtRandom = "MAR"
    /// Jump to reference: the own arm's mean before the event, the reference arm's after it.
    case jumpToReference = "JR"
    /// Copy reference: the reference arm's mean at every visit, before the event too.
    case copyReference = "CR"
    /// Copy increments in reference: from the own arm's mean at the last visit before the event,
    /// the reference arm's changes from that visit on.
    case copyIncrementsInReference = "CIR"
    /// Last mean carried forward: the own arm's mean at the last visit before the event.
    case lastMeanCarriedForward = "LMCF"

    /// Whether data after the event are set to missing before the imputation model is fitted
    /// (rbmi: every strategy but MAR).
    public var discardsDataAfterEvent: Bool { self != .missingAtRandom }

    public var description: String {
        switch self {
        case .missingAtRandom: return "missing at random (MAR)"
        case .jumpToReference: return "jump to reference (JR)"
        case .copyReference: return "copy reference (CR)"
        case .copyIncrementsInReference: return "copy increments in reference (CIR)"
        case .lastMeanCarriedForward: return "last mean carried forward (LMCF)"
        }
    }
}
