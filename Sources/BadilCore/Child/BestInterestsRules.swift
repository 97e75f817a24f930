import Foundation

/// A best-interests assessment as entered.
public struct BIAFacts: Sendable, Equatable {
    public var conductedOn: String?
    public var trigger: String?
    public var safety: String?
    public var health: String?
    public var education: String?
    public var familyContact: String?
    /// Whether the child's views were heard; when not, `notHeardReason` says why.
    public var childHeard: Bool?
    public var childViews: String?
    public var notHeardReason: String?
    public var recommendation: String?
    public var recommendedCare: String?

    public init(conductedOn: String?, trigger: String?, safety: String? = nil, health: String? = nil, education: String? = nil,
                familyContact: String? = nil, childHeard: Bool?, childViews: String? = nil, notHeardReason: String? = nil,
                recommendation: String?, recommendedCare: String?) {
        self.conductedOn = conductedOn; self.trigger = trigger; self.safety = safety; self.health = health; self.education = education
        self.familyContact = familyContact; self.childHeard = childHeard; self.childViews = childViews; self.notHeardReason = notHeardReason
        self.recommendation = recommendation; self.recommendedCare = recommendedCare
    }
}

public struct CheckedBIA: Sendable, Equatable {
    public let conductedOn: DayDate
    public let trigger: BIATrigger
    public let safety: String?
    public let health: String?
    public let education: String?
    public let familyContact: String?
    public let childHeard: Bool
    public let childViews: String?
    public let notHeardReason: String?
    public let recommendation: String
    public let recommendedCare: CareType
}

/// One member of a best-interests determination panel.
public struct PanelMember: Sendable, Equatable, Codable {
    public var name: String?
    public var role: String?
    public var organisation: String?
    public init(name: String?, role: String?, organisation: String? = nil) { self.name = name; self.role = role; self.organisation = organisation }
}

/// A best-interests determination as entered, with what is on file.
public struct BIDFacts: Sendable, Equatable {
    public var decidedOn: String?
    public var solution: String?
    public var rationale: String?
    public var panel: [PanelMember]
    /// The date of the latest best-interests assessment on file, if any.
    public var latestBIAOn: DayDate?

    public init(decidedOn: String?, solution: String?, rationale: String?, panel: [PanelMember], latestBIAOn: DayDate?) {
        self.decidedOn = decidedOn; self.solution = solution; self.rationale = rationale; self.panel = panel; self.latestBIAOn = latestBIAOn
    }
}

public struct CheckedBID: Sendable, Equatable {
    public let decidedOn: DayDate
    public let solution: DurableSolution
    public let rationale: String
    /// Names and roles trimmed; organisation nil when blank.
    public let panel: [PanelMember]
}

/// Best interests (DOMAIN.md §4): an assessment (BIA) at identification and whenever care changes; a formal
/// determination (BID) by a panel for a durable solution.
public enum BestInterestsRules {
    public static let maxFindingLength = 1000
    public static let maxTextLength = 4000
    public static let minPanel = 3
    public static let maxPanel = 10
    /// Days to carry out the assessment due after a change of care.
    public static let biaAfterCareChangeDays = 3

    /// A BIA: a day not in the future (`conductedOn`), a known trigger, findings of at most 1000 characters,
    /// `childHeard` answered (`required`); when heard, the child's views (`required` on `childViews`), when not,
    /// the reason (`required` on `notHeardReason`); a recommendation (`required`) and the care it recommends.
    public static func validate(_ f: BIAFacts, today: DayDate) throws -> CheckedBIA {
        var v = FieldChecker()
        let day = v.childDay("conductedOn", f.conductedOn, today: today)
        let trigger = v.choice("trigger", f.trigger, required: true, as: BIATrigger.self)
        let safety = v.optionalText("safety", f.safety, max: maxFindingLength)
        let health = v.optionalText("health", f.health, max: maxFindingLength)
        let education = v.optionalText("education", f.education, max: maxFindingLength)
        let family = v.optionalText("familyContact", f.familyContact, max: maxFindingLength)
        var views = v.optionalText("childViews", f.childViews, max: maxFindingLength)
        var reason = v.optionalText("notHeardReason", f.notHeardReason, max: maxFindingLength)
        switch f.childHeard {
        case .none: v.add("childHeard", "required")
        case .some(true):
            if views == nil && !v.issues.contains(where: { $0.field == "childViews" }) { v.add("childViews", "required") }
            reason = nil
        case .some(false):
            if reason == nil && !v.issues.contains(where: { $0.field == "notHeardReason" }) { v.add("notHeardReason", "required") }
            views = nil
        }
        let recommendation = v.requireText("recommendation", f.recommendation, max: maxTextLength)
        let care = v.choice("recommendedCare", f.recommendedCare, required: true, as: CareType.self)
        try v.finish()
        return CheckedBIA(conductedOn: day!, trigger: trigger!, safety: safety, health: health, education: education, familyContact: family,
                          childHeard: f.childHeard!, childViews: views, notHeardReason: reason, recommendation: recommendation!,
                          recommendedCare: care!)
    }

    /// A BID: a BIA on file (`bia_required` on `bia`), a day not in the future and not before that BIA
    /// (`before_assessment`), a solution, a rationale; a panel of 3 to 10 members (`panel_required` on `panel`,
    /// `too_many`) each with a name and a role (`required` on `panel.N.name` / `panel.N.role`), no one twice
    /// (`duplicate_entry` on `panel.N.name`).
    public static func validate(_ f: BIDFacts, today: DayDate) throws -> CheckedBID {
        var v = FieldChecker()
        if f.latestBIAOn == nil { v.add("bia", "bia_required") }
        var day = v.childDay("decidedOn", f.decidedOn, today: today)
        if let d = day, let bia = f.latestBIAOn, d < bia { v.add("decidedOn", "before_assessment"); day = nil }
        let solution = v.choice("solution", f.solution, required: true, as: DurableSolution.self)
        let rationale = v.requireText("rationale", f.rationale, max: maxTextLength)
        let panel = checkPanel(f.panel, &v)
        try v.finish()
        return CheckedBID(decidedOn: day!, solution: solution!, rationale: rationale!, panel: panel)
    }

    static func checkPanel(_ members: [PanelMember], _ v: inout FieldChecker) -> [PanelMember] {
        // Blank rows (of a web form) are not members; issues keep the index of the row as sent.
        let given = members.enumerated().filter { _, m in [m.name, m.role, m.organisation].contains { !($0.map(TextRules.clean) ?? "").isEmpty } }
        if given.count < minPanel { v.add("panel", "panel_required", ["min": String(minPanel)]) }
        if given.count > maxPanel { v.add("panel", "too_many", ["max": String(maxPanel)]) }
        var seen = Set<String>()
        var out: [PanelMember] = []
        for (i, m) in given {
            let name = v.requireText("panel.\(i).name", m.name, max: 200)
            let role = v.requireText("panel.\(i).role", m.role, max: 200)
            let org = v.optionalText("panel.\(i).organisation", m.organisation, max: 200)
            let key = name.map { $0.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            if let key, !seen.insert(key).inserted {
                v.add("panel.\(i).name", "duplicate_entry")
            }
            out.append(PanelMember(name: name, role: role, organisation: org))
        }
        return out
    }

    /// Whether the latest assessment (by date, then as recorded) recommends care in the family.
    public static func recommendsFamily(_ latestRecommendedCare: CareType?) -> Bool { latestRecommendedCare == .familyBased }
}
