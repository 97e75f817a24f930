import Fluent
import Vapor
import Foundation
import BadilCore

/// Screenings and CAP decisions for the demo people: a detention whose review is overdue, a release with
/// reporting where a check-in was missed, a decision waiting for approval, one returned, a screening in progress.
enum DemoDecisions {
    static func answers(_ ctx: BadilContext, interviewer: String, place: String, language: String, _ changes: ScreeningAnswers = [:]) -> ScreeningAnswers {
        var a: ScreeningAnswers = [
            "interview.interviewer_name": .string(interviewer), "interview.date": .string(DayDate(ctx.now).description),
            "interview.place": .string(place), "interview.language": .string(language), "interview.interpreter_used": .bool(language != "ar"),
            "interview.consent": .bool(true), "preliminary.medical_emergency": .bool(false), "preliminary.possible_child": .bool(false),
            "preliminary.immediate_danger": .bool(false), "health.physical": .bool(false), "health.mental": .bool(false),
            "health.disability": .bool(false), "health.pregnancy": .string("none"), "protection.torture": .bool(false),
            "protection.trauma": .bool(false), "protection.nationality": .string("has_nationality"), "protection.documents": .bool(false),
            "protection.fear_of_return": .bool(false), "protection.unhcr": .bool(false), "other.single_carer": .bool(false),
            "other.other_situation": .bool(false),
        ]
        for (k, v) in changes { a[k] = v }
        return a
    }

    static func sections(_ risk: RiskLevel, notes: [ScreeningSection: String] = [:]) -> [String: SectionAssessment] {
        Dictionary(uniqueKeysWithValues: ScreeningSection.allCases.map { ($0.rawValue, SectionAssessment(risk: risk == .high && $0 != .health && $0 != .protection ? .low : risk, notes: notes[$0])) })
    }

    static func draft(_ outcome: DecisionOutcome, _ build: (inout DecisionDraft) -> Void = { _ in }) -> DecisionDraft {
        var d = DecisionDraft(outcome: outcome, presumptionOfLiberty: true)
        d.legalObligations = .done
        d.identityCheck = .done
        d.healthCheck = .done
        d.securityCheck = .notNeeded
        d.caseManagement = .available
        d.legalAdvice = .partial
        d.interpretation = .available
        d.basicNeeds = .available
        d.documents = .unavailable
        build(&d)
        return d
    }

    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let caseworker = try await DemoPeople.actor("caseworker", on: db)
        let social = try await DemoPeople.actor("social_worker", on: db)
        let supervisor = try await DemoPeople.actor("supervisor", on: db)
        func person(_ latin: String) async throws -> PersonRecord? {
            try await PersonRecord.query(on: db).filter(\.$nameLatin == latin).filter(\.$mergedIntoID == nil).sort(\.$caseNumber).first()
        }
        func screen(_ p: PersonRecord, daysAgo: Double, by actor: Actor, language: String, place: String, _ changes: ScreeningAnswers = [:],
                    risk: RiskLevel = .low, complete: Bool = true) async throws {
            let c = ctx.shifted(days: -daysAgo)
            var input = ScreeningInput()
            input.answers = answers(c, interviewer: actor.displayName, place: place, language: language, changes)
            input.sections = sections(risk)
            input.complete = complete
            if !complete { input.answers = input.answers?.filter { $0.key.hasPrefix("interview.") || $0.key.hasPrefix("preliminary.") } }
            _ = try await ScreeningService(db: db, ctx: c).start(personID: p.id!, input, by: actor)
        }

        // Detained adult: screened, detention as a last resort approved ten days ago; the review is now overdue.
        if let p = try await person("Idriss Abakar") {
            try await screen(p, daysAgo: 10, by: caseworker, language: "ar", place: "Tajoura detention centre")
            let c = ctx.shifted(days: -10)
            let d = try await DecisionService(db: db, ctx: c).propose(personID: p.id!, draft(.detentionLastResort) {
                $0.caseManagement = .unavailable; $0.basicNeeds = .unavailable; $0.documents = .unavailable
                $0.communityNotes = "No shelter place for single men in Tripoli this week; relative in the group is a child placed separately."
                $0.justification = "Identity not yet established and no community place available; to be reviewed as soon as a place opens."
                $0.legalBasis = "Law No. 19 of 2010, article 10"
                $0.decidingAuthority = "DCIM Tajoura"
                $0.reviewDate = DayDate(c.now).addingDays(8)
            }, by: caseworker)
            _ = try await DecisionService(db: db, ctx: c).approve(d.id!, expected: .any, by: supervisor)
        }
        // Released with weekly reporting; the last check-in was missed.
        if let p = try await person("Tesfay Haile") {
            try await screen(p, daysAgo: 12, by: social, language: "ti", place: "Tripoli naval base")
            let c = ctx.shifted(days: -12)
            let d = try await DecisionService(db: db, ctx: c).propose(personID: p.id!, draft(.releaseWithConditions) {
                $0.conditions = [DecisionCondition(kind: .reporting, details: "IOM office, Hay al-Andalus", reportingIntervalDays: 3),
                                 DecisionCondition(kind: .nominatedAddress, details: "Host family in Janzour")]
                $0.communityNotes = "Wife and daughter in the same group; host family found by the community centre."
            }, by: social)
            _ = try await DecisionService(db: db, ctx: c).approve(d.id!, expected: .any, by: supervisor)
            for (day, kind) in [(3.0, CheckInRecordKind.reported), (7.0, .reported)] {
                _ = try await FollowUpService(db: db, ctx: ctx.shifted(days: -12 + day)).recordCheckIn(
                    decisionID: d.id!, date: nil, kind: kind.rawValue, note: day == 7 ? "Came a day late: no transport" : nil, by: caseworker)
            }
        }
        // A pregnant mother of two: high intervention level, community placement waiting for approval.
        if let p = try await person("Fatima Abdallah") {
            try await screen(p, daysAgo: 2, by: caseworker, language: "ar", place: "Tripoli naval base",
                             ["health.pregnancy": .string("pregnant"), "other.single_carer": .bool(true), "protection.trauma": .bool(true)], risk: .medium)
            _ = try await DecisionService(db: db, ctx: ctx.shifted(days: -1)).propose(personID: p.id!, draft(.communityPlacement) {
                $0.communityNotes = "Family room available at the women's shelter in Misrata; antenatal care nearby."
                $0.summary = "Keep the mother with both children; antenatal appointment within a week."
            }, by: caseworker)
        }
        // Returned to the caseworker: the community assessment was missing.
        if let p = try await person("Aïchatou Moussa") {
            try await screen(p, daysAgo: 4, by: caseworker, language: "ha", place: "Al Khums port", ["other.single_carer": .bool(true)])
            let d = try await DecisionService(db: db, ctx: ctx.shifted(days: -3)).propose(personID: p.id!, draft(.release), by: caseworker)
            _ = try await DecisionService(db: db, ctx: ctx.shifted(days: -2)).returnDecision(
                d.id!, reason: "A mother alone with a small child: assess a community placement first.", expected: .any, by: supervisor)
        }
        // A screening started at the quay and not finished.
        if let p = try await person("Abubakar Musa") {
            try await screen(p, daysAgo: 0, by: caseworker, language: "en", place: "Tripoli naval base",
                             ["preliminary.medical_emergency": .bool(true)], complete: false)
        }
    }
}
