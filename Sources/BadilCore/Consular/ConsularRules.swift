/// What an embassy records about one of its nationals: whether the nationality is confirmed, and the
/// travel document it issued or saw. Only people in the consular scope are ever reached (SECURITY.md item 7).
public enum VerificationOutcome: String, CaseIterable, Codable, Sendable {
    case confirmed
    case notConfirmed = "not_confirmed"
    case needsInterview = "needs_interview"
    public var labelKey: String { "verification_outcome.\(rawValue)" }
}

public enum TravelDocumentType: String, CaseIterable, Codable, Sendable {
    case passport
    case emergencyTravelDocument = "emergency_travel_document"
    case laissezPasser = "laissez_passer"
    case consularCertificate = "consular_certificate"
    public var labelKey: String { "travel_document_type.\(rawValue)" }
}

public struct VerificationDraft: Sendable, Equatable {
    public var outcome: VerificationOutcome
    public var verifiedOn: DayDate
    public var note: String?
    public init(outcome: VerificationOutcome, verifiedOn: DayDate, note: String?) {
        self.outcome = outcome; self.verifiedOn = verifiedOn; self.note = note
    }
}

public struct TravelDocumentDraft: Sendable, Equatable {
    public var type: TravelDocumentType
    public var number: String
    public var issuedOn: DayDate
    public var validUntil: DayDate
    public init(type: TravelDocumentType, number: String, issuedOn: DayDate, validUntil: DayDate) {
        self.type = type; self.number = number; self.issuedOn = issuedOn; self.validUntil = validUntil
    }
}

public enum ConsularRules {
    /// Indicators that put a person under international protection concerns towards their country of
    /// nationality: someone who may need asylum, who may have no nationality to verify, or who survived
    /// trafficking or torture (the state may be the persecutor or unable to protect). A person whose
    /// latest completed screening holds any of them does not exist for their embassy. Other indicators
    /// (health, children, gender-based violence without a link to the state) do not hide the person:
    /// the embassy still sees only identity fields.
    public static let protectionIndicators: Set<Indicator> = [.asylumNeed, .stateless, .traffickingSurvivor, .tortureSurvivor]

    public static func protectionFlag(indicators: some Sequence<Indicator>) -> Bool {
        indicators.contains { protectionIndicators.contains($0) }
    }

    public static let maxNoteLength = 1000
    public static let maxDocumentNumberLength = 40

    /// Checks a verification: a known outcome, a date that is not in the future, a short note.
    public static func verification(outcome: String?, verifiedOn: String?, note: String?, today: DayDate) throws -> VerificationDraft {
        var v = FieldChecker()
        let outcome = v.choice("outcome", outcome, required: true, as: VerificationOutcome.self)
        let day = date(&v, "verifiedOn", verifiedOn, default: today)
        if let day, day > today { v.add("verifiedOn", "date_in_future") }
        let note = v.optionalText("note", note, max: maxNoteLength)
        try v.finish()
        return VerificationDraft(outcome: outcome!, verifiedOn: day!, note: note)
    }

    /// Checks a travel document: a known type, a number, issued not in the future, valid after issue.
    public static func travelDocument(type: String?, number: String?, issuedOn: String?, validUntil: String?, today: DayDate) throws -> TravelDocumentDraft {
        var v = FieldChecker()
        let type = v.choice("type", type, required: true, as: TravelDocumentType.self)
        let number = v.requireText("number", number, max: maxDocumentNumberLength)
        let issued = date(&v, "issuedOn", issuedOn, default: nil)
        let until = date(&v, "validUntil", validUntil, default: nil)
        if let issued, issued > today { v.add("issuedOn", "date_in_future") }
        if let issued, let until, until <= issued { v.add("validUntil", "valid_until_before_issue") }
        try v.finish()
        return TravelDocumentDraft(type: type!, number: number!, issuedOn: issued!, validUntil: until!)
    }

    private static func date(_ v: inout FieldChecker, _ field: String, _ raw: String?, default fallback: DayDate?) -> DayDate? {
        let text = raw.map(TextRules.clean) ?? ""
        if text.isEmpty {
            if fallback == nil { v.add(field, "required") }
            return fallback
        }
        guard let d = DayDate(text) else { v.add(field, "invalid_date"); return nil }
        return d
    }
}
