/// The outcome of a placement decision (IDC Community Assessment and Placement model, DOMAIN.md §3.4).
public enum DecisionOutcome: String, CaseIterable, Codable, Sendable {
    case release
    case communityPlacement = "community_placement"
    case releaseWithConditions = "release_with_conditions"
    /// Never for a child; needs justification, legal basis, deciding authority and a review date.
    case detentionLastResort = "detention_last_resort"
    public var labelKey: String { "decision_outcome.\(rawValue)" }
}

/// Conditions in the community (CAP step 4), from the least to the most restrictive.
public enum ConditionKind: String, CaseIterable, Codable, Sendable {
    case undertaking
    case reporting
    case nominatedAddress = "nominated_address"
    case supervision
    case intensiveCaseResolution = "intensive_case_resolution"
    public var labelKey: String { "condition_kind.\(rawValue)" }
}

public struct DecisionCondition: Codable, Sendable, Equatable {
    public var kind: ConditionKind
    public var details: String?
    /// Days between check-ins; required for `reporting` (`DecisionRules.reportingIntervals`), not allowed otherwise.
    public var reportingIntervalDays: Int?

    public init(kind: ConditionKind, details: String? = nil, reportingIntervalDays: Int? = nil) {
        self.kind = kind
        self.details = details
        self.reportingIntervalDays = reportingIntervalDays
    }
}

/// The state of one check of CAP step 2 (legal obligations, identity, health, security).
public enum CheckStatus: String, CaseIterable, Codable, Sendable {
    case done
    case notNeeded = "not_needed"
    case pending
    public var labelKey: String { "check_status.\(rawValue)" }
}

/// Whether a support of the community setting (CAP step 3) is there for this person.
public enum Availability: String, CaseIterable, Codable, Sendable {
    case available, partial, unavailable
    public var labelKey: String { "availability.\(rawValue)" }
}

/// A decision as proposed, step by step. Field names are the issue fields of `DecisionRules.validate`.
public struct DecisionDraft: Codable, Sendable, Equatable {
    public var outcome: DecisionOutcome?
    // Step 1: presume detention is not needed.
    public var presumptionOfLiberty: Bool
    public var presumptionNotes: String?
    // Step 2: screen and assess the individual case.
    public var legalObligations: CheckStatus?
    public var identityCheck: CheckStatus?
    public var healthCheck: CheckStatus?
    public var securityCheck: CheckStatus?
    public var screeningId: String?
    public var individualFactors: String?
    // Step 3: assess the community setting.
    public var caseManagement: Availability?
    public var legalAdvice: Availability?
    public var interpretation: Availability?
    public var basicNeeds: Availability?
    public var documents: Availability?
    public var communityNotes: String?
    // Step 4: conditions in the community, only if needed.
    public var conditions: [DecisionCondition]
    // Step 5: detention as a last resort, with safeguards.
    public var justification: String?
    public var legalBasis: String?
    public var decidingAuthority: String?
    public var reviewDate: DayDate?
    /// Why the decision cannot wait for a completed screening.
    public var urgencyReason: String?
    public var summary: String?

    public init(outcome: DecisionOutcome? = nil, presumptionOfLiberty: Bool = false, presumptionNotes: String? = nil,
                legalObligations: CheckStatus? = nil, identityCheck: CheckStatus? = nil, healthCheck: CheckStatus? = nil,
                securityCheck: CheckStatus? = nil, screeningId: String? = nil, individualFactors: String? = nil,
                caseManagement: Availability? = nil, legalAdvice: Availability? = nil, interpretation: Availability? = nil,
                basicNeeds: Availability? = nil, documents: Availability? = nil, communityNotes: String? = nil,
                conditions: [DecisionCondition] = [], justification: String? = nil, legalBasis: String? = nil,
                decidingAuthority: String? = nil, reviewDate: DayDate? = nil, urgencyReason: String? = nil, summary: String? = nil) {
        self.outcome = outcome
        self.presumptionOfLiberty = presumptionOfLiberty
        self.presumptionNotes = presumptionNotes
        self.legalObligations = legalObligations
        self.identityCheck = identityCheck
        self.healthCheck = healthCheck
        self.securityCheck = securityCheck
        self.screeningId = screeningId
        self.individualFactors = individualFactors
        self.caseManagement = caseManagement
        self.legalAdvice = legalAdvice
        self.interpretation = interpretation
        self.basicNeeds = basicNeeds
        self.documents = documents
        self.communityNotes = communityNotes
        self.conditions = conditions
        self.justification = justification
        self.legalBasis = legalBasis
        self.decidingAuthority = decidingAuthority
        self.reviewDate = reviewDate
        self.urgencyReason = urgencyReason
        self.summary = summary
    }
}

/// Facts about the person and the day that the decision rules need.
public struct DecisionContext: Sendable, Equatable {
    /// A child today, age in doubt included (`AgeRules.isChild`).
    public var isChild: Bool
    public var hasCompletedScreening: Bool
    public var today: DayDate
    /// The latest review date a detention decision may set, in days from today.
    public var maxReviewDays: Int

    public init(isChild: Bool, hasCompletedScreening: Bool, today: DayDate, maxReviewDays: Int = ReviewRules.defaultMaxReviewDays) {
        self.isChild = isChild
        self.hasCompletedScreening = hasCompletedScreening
        self.today = today
        self.maxReviewDays = maxReviewDays
    }
}

public enum DecisionStatus: String, CaseIterable, Codable, Sendable {
    case proposed, returned, approved, superseded, withdrawn
    /// No longer in force because the person was re-detained: a new decision is needed.
    case reopened
    public var labelKey: String { "decision_status.\(rawValue)" }

    /// Still being worked on: not yet in force, not closed.
    public var isOpen: Bool { self == .proposed || self == .returned }
}

public enum DecisionAction: String, CaseIterable, Codable, Sendable {
    case propose, resubmit, approve
    /// Back to the proposer for changes; needs a reason.
    case `return`
    case withdraw, supersede
    /// The person was re-detained: the alternative decided no longer holds.
    case reopen
    public var labelKey: String { "decision_action.\(rawValue)" }
}

/// Which outcomes need a second person's approval before they are in force.
public struct ApprovalPolicy: Codable, Sendable, Equatable {
    public var requiresApproval: [DecisionOutcome: Bool]

    public init(requiresApproval: [DecisionOutcome: Bool]) {
        self.requiresApproval = requiresApproval
    }

    /// Every outcome needs approval.
    public static let `default` = ApprovalPolicy(requiresApproval: Dictionary(uniqueKeysWithValues: DecisionOutcome.allCases.map { ($0, true) }))

    /// An outcome the policy does not mention needs approval.
    public func requires(_ outcome: DecisionOutcome) -> Bool { requiresApproval[outcome] ?? true }
}

public enum DecisionRules {
    public static let reportingIntervals = 1...90
    public static let maxNotesLength = 4000
    public static let maxDetailsLength = 1000

    /// Checks a proposed decision against the CAP model; returns it with texts trimmed (blank texts become nil).
    ///
    /// - Step 1: the presumption of liberty must be acknowledged (`presumption_required`).
    /// - Step 2: every check needs a status (pending is a status); without a completed screening the
    ///   decision needs an urgency reason (`screening_required`, on `urgencyReason`).
    /// - Step 4: release takes no conditions (`conditions_not_allowed`), release with conditions at least one
    ///   (`conditions_required`); reporting needs an interval of 1 to 90 days, other kinds take none (`not_applicable`).
    /// - Step 5, detention: never for a child (`child_detention_forbidden` on `outcome`); no conditions;
    ///   justification, legal basis, deciding authority and review date required; every support of the
    ///   community setting assessed and notes on why the alternatives are not enough
    ///   (`alternatives_not_considered` on `communityNotes`).
    /// - A review date, whenever given, must be after today and at most `maxReviewDays` ahead.
    @discardableResult
    public static func validate(_ draft: DecisionDraft, context: DecisionContext) throws -> DecisionDraft {
        var v = FieldChecker()
        var d = draft
        if d.outcome == nil { v.add("outcome", "required") }
        let detention = d.outcome == .detentionLastResort
        v.check(d.presumptionOfLiberty, "presumptionOfLiberty", "presumption_required")
        d.presumptionNotes = v.optionalText("presumptionNotes", d.presumptionNotes, max: maxNotesLength)

        for (field, status) in [("legalObligations", d.legalObligations), ("identityCheck", d.identityCheck),
                                ("healthCheck", d.healthCheck), ("securityCheck", d.securityCheck)] where status == nil {
            v.add(field, "required")
        }
        d.screeningId = v.optionalText("screeningId", d.screeningId, max: 100)
        d.individualFactors = v.optionalText("individualFactors", d.individualFactors, max: maxNotesLength)
        d.urgencyReason = v.optionalText("urgencyReason", d.urgencyReason, max: maxNotesLength)
        if !context.hasCompletedScreening && d.urgencyReason == nil && !v.issues.contains(where: { $0.field == "urgencyReason" }) {
            v.add("urgencyReason", "screening_required")
        }

        d.communityNotes = v.optionalText("communityNotes", d.communityNotes, max: maxNotesLength)
        if detention {
            for (field, availability) in [("caseManagement", d.caseManagement), ("legalAdvice", d.legalAdvice),
                                          ("interpretation", d.interpretation), ("basicNeeds", d.basicNeeds),
                                          ("documents", d.documents)] where availability == nil {
                v.add(field, "required")
            }
            if d.communityNotes == nil && !v.issues.contains(where: { $0.field == "communityNotes" }) {
                v.add("communityNotes", "alternatives_not_considered")
            }
        }

        switch d.outcome {
        case .release?, .detentionLastResort?:
            if !d.conditions.isEmpty { v.add("conditions", "conditions_not_allowed") }
        case .releaseWithConditions?:
            if d.conditions.isEmpty { v.add("conditions", "conditions_required") }
        case .communityPlacement?, nil:
            break
        }
        for (i, c) in d.conditions.enumerated() {
            let prefix = "conditions.\(i)."
            d.conditions[i].details = v.optionalText(prefix + "details", c.details, max: maxDetailsLength)
            switch (c.kind, c.reportingIntervalDays) {
            case (.reporting, nil):
                v.add(prefix + "reportingIntervalDays", "required")
            case (.reporting, let days?) where !reportingIntervals.contains(days):
                v.add(prefix + "reportingIntervalDays", "out_of_range",
                      ["min": String(reportingIntervals.lowerBound), "max": String(reportingIntervals.upperBound)])
            case (.reporting, _), (_, nil):
                break
            case (_, _?):
                v.add(prefix + "reportingIntervalDays", "not_applicable")
            }
        }

        if detention {
            if context.isChild { v.add("outcome", "child_detention_forbidden") }
            d.justification = v.requireText("justification", d.justification, max: maxNotesLength)
            d.legalBasis = v.requireText("legalBasis", d.legalBasis, max: 500)
            d.decidingAuthority = v.requireText("decidingAuthority", d.decidingAuthority, max: 200)
            if d.reviewDate == nil { v.add("reviewDate", "required") }
        } else {
            d.justification = v.optionalText("justification", d.justification, max: maxNotesLength)
            d.legalBasis = v.optionalText("legalBasis", d.legalBasis, max: 500)
            d.decidingAuthority = v.optionalText("decidingAuthority", d.decidingAuthority, max: 200)
        }
        if let date = d.reviewDate {
            ReviewRules.checkReviewDate(date, field: "reviewDate", today: context.today, maxDays: context.maxReviewDays, into: &v)
        }
        d.summary = v.optionalText("summary", d.summary, max: maxNotesLength)
        try v.finish()
        return d
    }

    /// The status after `action`.
    ///
    /// | from | action | to |
    /// |---|---|---|
    /// | none | propose | proposed, or approved when the policy needs no approval for the outcome |
    /// | returned | resubmit | the same as propose |
    /// | proposed | approve | approved; not by the proposer (`self_approval`) |
    /// | proposed | return | returned; needs a reason (`required` on `reason`) |
    /// | proposed, returned | withdraw | withdrawn |
    /// | approved | supersede | superseded (a later decision replaces it) |
    /// | approved | reopen | reopened (the person was re-detained; a new decision is needed) |
    ///
    /// Anything else is `decision_transition_invalid`: approved is final but for supersede and reopen; superseded, withdrawn and reopened are final.
    public static func transition(from current: DecisionStatus?, action: DecisionAction, actorIsProposer: Bool,
                                  outcome: DecisionOutcome, policy: ApprovalPolicy = .default, reason: String? = nil) throws -> DecisionStatus {
        switch (current, action) {
        case (nil, .propose), (.returned?, .resubmit):
            return policy.requires(outcome) ? .proposed : .approved
        case (.proposed?, .approve):
            if actorIsProposer { throw DomainError.conflict("self_approval") }
            return .approved
        case (.proposed?, .return):
            if TextRules.clean(reason ?? "").isEmpty { throw DomainError.invalid([FieldIssue("reason", "required")]) }
            return .returned
        case (.proposed?, .withdraw), (.returned?, .withdraw):
            return .withdrawn
        case (.approved?, .supersede):
            return .superseded
        case (.approved?, .reopen):
            return .reopened
        default:
            throw DomainError.conflict("decision_transition_invalid")
        }
    }
}
