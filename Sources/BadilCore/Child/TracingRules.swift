import Foundation

/// A tracing request as entered: who is sought by a registered person.
public struct TracingRequestFacts: Sendable, Equatable {
    public var soughtNameOriginal: String?
    public var soughtNameLatin: String?
    public var soughtSex: String?
    public var soughtBirthYear: Int?
    public var soughtApproxAge: Int?
    public var relationship: String?
    public var lastKnownPlace: String?
    public var lastSeenOn: String?
    public var notes: String?

    public init(soughtNameOriginal: String?, soughtNameLatin: String?, soughtSex: String?, soughtBirthYear: Int? = nil,
                soughtApproxAge: Int? = nil, relationship: String?, lastKnownPlace: String? = nil, lastSeenOn: String? = nil, notes: String? = nil) {
        self.soughtNameOriginal = soughtNameOriginal; self.soughtNameLatin = soughtNameLatin; self.soughtSex = soughtSex
        self.soughtBirthYear = soughtBirthYear; self.soughtApproxAge = soughtApproxAge; self.relationship = relationship
        self.lastKnownPlace = lastKnownPlace; self.lastSeenOn = lastSeenOn; self.notes = notes
    }
}

public struct CheckedTracingRequest: Sendable, Equatable {
    public let soughtNameOriginal: String?
    public let soughtNameLatin: String?
    public let soughtSex: Sex
    /// Always an estimate: from the year or the age the seeker gave.
    public let soughtBirthYear: Int?
    public let relationship: TracingRelationship
    public let lastKnownPlace: String?
    public let lastSeenOn: DayDate?
    public let notes: String?
}

/// One side of a tracing request for matching: the seeker (a registered person) and who they seek.
public struct TracingSides: Sendable {
    public var seeker: MatchCandidateInput
    public var sought: MatchCandidateInput
    public init(seeker: MatchCandidateInput, sought: MatchCandidateInput) { self.seeker = seeker; self.sought = sought }
}

/// A candidate for a tracing request, scored with the registration matching rules.
public struct TracingScore: Sendable, Equatable {
    public var score: Double
    public var reasons: [MatchReason]
    /// For a request against another request: each seeks the other.
    public var mutual: Bool

    public init(score: Double, reasons: [MatchReason], mutual: Bool) { self.score = score; self.reasons = reasons; self.mutual = mutual }
}

/// A verification as entered.
public struct VerificationFacts: Sendable, Equatable {
    public var method: String?
    public var verifiedOn: String?
    /// Does the seeker wish contact and reunification? Does the person found?
    public var seekerWishes: Bool?
    public var soughtWishes: Bool?
    public var notes: String?
    public var matchStatus: TracingMatchStatus

    public init(method: String?, verifiedOn: String?, seekerWishes: Bool?, soughtWishes: Bool?, notes: String? = nil, matchStatus: TracingMatchStatus) {
        self.method = method; self.verifiedOn = verifiedOn; self.seekerWishes = seekerWishes; self.soughtWishes = soughtWishes
        self.notes = notes; self.matchStatus = matchStatus
    }
}

public struct CheckedVerification: Sendable, Equatable {
    public let method: VerificationMethod
    public let verifiedOn: DayDate
    public let seekerWishes: Bool
    public let soughtWishes: Bool
    public let notes: String?
}

/// A reunification as entered, with the facts it depends on.
public struct ReunificationFacts: Sendable, Equatable {
    public var reunifiedOn: String?
    public var place: String?
    public var notes: String?
    /// The request's verified match, if any: its verification day and both sides' wishes.
    public var verified: (on: DayDate, seekerWishes: Bool, soughtWishes: Bool)?
    /// One entry per child among the two people: whether their latest best-interests assessment recommends care in the family.
    public var childrenRecommendFamily: [Bool]

    public init(reunifiedOn: String?, place: String?, notes: String? = nil, verified: (on: DayDate, seekerWishes: Bool, soughtWishes: Bool)?,
                childrenRecommendFamily: [Bool]) {
        self.reunifiedOn = reunifiedOn; self.place = place; self.notes = notes; self.verified = verified; self.childrenRecommendFamily = childrenRecommendFamily
    }

    public static func == (a: ReunificationFacts, b: ReunificationFacts) -> Bool {
        a.reunifiedOn == b.reunifiedOn && a.place == b.place && a.notes == b.notes && a.childrenRecommendFamily == b.childrenRecommendFamily
            && a.verified?.on == b.verified?.on && a.verified?.seekerWishes == b.verified?.seekerWishes && a.verified?.soughtWishes == b.verified?.soughtWishes
    }
}

public struct CheckedReunification: Sendable, Equatable {
    public let reunifiedOn: DayDate
    public let place: String
    public let notes: String?
}

/// Family tracing and reunification (DOMAIN.md §4): a request, candidates found with the registration matching
/// rules, verification of the relationship and of both sides' wishes, a best-interests check, reunification.
public enum TracingRules {
    /// Closing a request without a reunification: only an open request (409 `tracing_not_open`), with a reason.
    public static func close(status: TracingStatus, reason: String?) throws -> String {
        guard status == .open else { throw DomainError.conflict("tracing_not_open") }
        var v = FieldChecker()
        let text = v.requireText("reason", reason, max: maxNotesLength)
        try v.finish()
        return text!
    }

    public static let maxNameLength = 120
    public static let maxNotesLength = 2000
    /// Days to the follow-up visit after a reunification.
    public static let followUpDays = 30

    public static func validate(_ f: TracingRequestFacts, today: DayDate) throws -> CheckedTracingRequest {
        var v = FieldChecker()
        let original = v.optionalText("soughtNameOriginal", f.soughtNameOriginal, max: maxNameLength)
        let latin = v.optionalText("soughtNameLatin", f.soughtNameLatin, max: maxNameLength)
        if original == nil && latin == nil && !v.issues.contains(where: { $0.field.hasPrefix("soughtName") }) {
            v.add("soughtNameOriginal", "name_required")
        }
        if let latin, latin.unicodeScalars.contains(where: { $0.properties.isAlphabetic && $0.value > 0x24F }) {
            v.add("soughtNameLatin", "latin_script_expected")
        }
        let relationship = v.choice("relationship", f.relationship, required: true, as: TracingRelationship.self)
        var sex = v.choice("soughtSex", f.soughtSex, required: false, as: Sex.self) ?? .unknown
        if sex == .unknown { sex = impliedSex(relationship) }
        if relationship == .mother && sex == .male || relationship == .father && sex == .female { v.add("soughtSex", "sex_contradicts_relationship") }
        var year: Int?
        if let y = f.soughtBirthYear {
            if y < today.year - AgeRules.maximumAge || y > today.year { v.add("soughtBirthYear", "out_of_range", ["min": String(today.year - AgeRules.maximumAge), "max": String(today.year)]) }
            else { year = y }
        } else if let age = f.soughtApproxAge {
            if !(0...AgeRules.maximumAge).contains(age) { v.add("soughtApproxAge", "age_out_of_range", ["max": String(AgeRules.maximumAge)]) }
            else { year = today.year - age }
        }
        let place = v.optionalText("lastKnownPlace", f.lastKnownPlace, max: 200)
        let seen = v.childDay("lastSeenOn", f.lastSeenOn, today: today, required: false)
        let notes = v.optionalText("notes", f.notes, max: maxNotesLength)
        try v.finish()
        return CheckedTracingRequest(soughtNameOriginal: original, soughtNameLatin: latin, soughtSex: sex, soughtBirthYear: year,
                                     relationship: relationship!, lastKnownPlace: place, lastSeenOn: seen, notes: notes)
    }

    static func impliedSex(_ r: TracingRelationship?) -> Sex {
        switch r { case .mother: return .female; case .father: return .male; default: return .unknown }
    }

    /// The person sought, as the matching rules see them (the birth year is always an estimate).
    public static func soughtInput(original: String?, latin: String?, sex: String, birthYear: Int?) -> MatchCandidateInput {
        MatchCandidateInput(names: PersonNameForms(original: original, latin: latin), sex: sex, birthYear: birthYear, birthYearEstimated: true, nationality: nil)
    }

    /// A registered person as a candidate for who is sought: the registration matching score, when it proposes the pair.
    public static func score(sought: MatchCandidateInput, person: MatchCandidateInput) -> TracingScore? {
        guard let s = DuplicateRules.score(sought, person), s.isCandidate else { return nil }
        return TracingScore(score: s.score, reasons: s.reasons, mutual: false)
    }

    /// Another request as a candidate: its seeker looks for someone like this request's seeker. When this request's
    /// sought person is also like the other's seeker, each seeks the other (`mutual`) and the score is the mean.
    public static func score(_ mine: TracingSides, _ theirs: TracingSides) -> TracingScore? {
        guard let back = score(sought: theirs.sought, person: mine.seeker) else { return nil }
        if let forth = score(sought: mine.sought, person: theirs.seeker) {
            return TracingScore(score: ((back.score + forth.score) / 2 * 1000).rounded() / 1000, reasons: forth.reasons, mutual: true)
        }
        return back
    }

    /// Verifying a match taken up from the candidates: `match_not_proposed` on `match` unless it waits for
    /// verification; a method, a day not in the future, and both sides' wishes answered (`required`).
    public static func validate(_ f: VerificationFacts, today: DayDate) throws -> CheckedVerification {
        var v = FieldChecker()
        if f.matchStatus != .proposed { v.add("match", "match_not_proposed") }
        let method = v.choice("method", f.method, required: true, as: VerificationMethod.self)
        let day = v.childDay("verifiedOn", f.verifiedOn, today: today)
        if f.seekerWishes == nil { v.add("seekerWishes", "required") }
        if f.soughtWishes == nil { v.add("soughtWishes", "required") }
        let notes = v.optionalText("notes", f.notes, max: maxNotesLength)
        try v.finish()
        return CheckedVerification(method: method!, verifiedOn: day!, seekerWishes: f.seekerWishes!, soughtWishes: f.soughtWishes!, notes: notes)
    }

    /// Reunification: a verified match (`verification_required` on `match`) where both sides wish it
    /// (`wishes_not_agreed`); for each child, a latest best-interests assessment recommending care in the family
    /// (`best_interests_check_required` on `bia`); a day not in the future nor before the verification
    /// (`before_verification`) and a place (`required`).
    public static func validate(_ f: ReunificationFacts, today: DayDate) throws -> CheckedReunification {
        var v = FieldChecker()
        if let verified = f.verified {
            if !(verified.seekerWishes && verified.soughtWishes) { v.add("match", "wishes_not_agreed") }
        } else {
            v.add("match", "verification_required")
        }
        if f.childrenRecommendFamily.contains(false) { v.add("bia", "best_interests_check_required") }
        var day = v.childDay("reunifiedOn", f.reunifiedOn, today: today)
        if let d = day, let verified = f.verified, d < verified.on { v.add("reunifiedOn", "before_verification"); day = nil }
        let place = v.requireText("place", f.place, max: 200)
        let notes = v.optionalText("notes", f.notes, max: maxNotesLength)
        try v.finish()
        return CheckedReunification(reunifiedOn: day!, place: place!, notes: notes)
    }
}

extension TracingRules {
    /// An active consent to tracing on `day`, whoever it names as recipient (DOMAIN.md §7: tracing needs consent).
    public static func hasConsent(_ records: [ConsentRecord], on day: DayDate) -> Bool {
        let forTracing = records.filter { $0.purpose == .tracing }.map { r -> ConsentRecord in
            var any = r
            any.recipientOrganizationID = nil
            return any
        }
        return ConsentRules.isActive(forTracing, purpose: .tracing, recipient: nil, on: day)
    }
}
