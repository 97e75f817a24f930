import Fluent
import Foundation
import Vapor
import BadilCore

/// What the child-protection page of a person shows, and the forms with what was typed when one was refused.
struct ChildPageModel: Encodable {
    struct Forms: Encodable {
        var bia = FormState()
        var bid = FormState()
        var care = FormState()
        var guardian = FormState()
        var tracing = FormState()
    }
    /// A refused form that belongs to one row (a match to verify, a request to reunify): its id and state.
    struct RowForm { var id: UUID; var state: FormState }

    struct BiaRow: Encodable {
        let conductedOn: String; let trigger: String; let assessor: String; let childHeard: String; let views: String
        let findings: [Finding]; let recommendation: String; let recommendedCare: String
    }
    struct Finding: Encodable { let label: String; let text: String }
    struct BidRow: Encodable {
        let id: String; let version: Int; let decidedOn: String; let solution: String; let rationale: String; let panel: [String]
        let confirmed: String?; let recordedBy: String; let canConfirm: Bool
    }
    struct CareRow: Encodable { let type: String; let caregiver: String; let startedOn: String; let endedOn: String; let current: Bool; let notes: String }
    struct GuardianRow: Encodable {
        let id: String; let version: Int; let name: String; let role: String; let organisation: String; let appointedOn: String; let endedOn: String
        let current: Bool
    }
    struct PanelRow: Encodable { let index: Int; let name: String; let role: String; let organisation: String; let error: String? }
    struct CandidateRow: Encodable {
        let personId: String; let requestId: String; let caseNumber: String; let name: String; let nameOriginal: String; let score: String
        let reasons: String; let isRequest: Bool; let mutual: Bool
    }
    struct MatchRow: Encodable {
        let id: String; let version: Int; let caseNumber: String; let name: String; let status: String; let statusKey: String; let proposed: Bool
        let verified: Bool; let method: String; let verifiedOn: String; let wishes: String; let form: FormState
    }
    struct RequestRow: Encodable {
        let id: String; let sought: String; let soughtOriginal: String; let relationship: String; let status: String; let open: Bool
        let lastKnownPlace: String; let lastSeenOn: String; let birthYear: String; let candidates: [CandidateRow]; let hasCandidates: Bool
        let matches: [MatchRow]; let hasMatches: Bool; let canReunify: Bool; let reunification: String?; let reunifyForm: FormState
        let version: Int; let closedReason: String?
    }

    let person: PersonHeader
    let isChild: Bool
    let canWrite: Bool
    let today: String
    let biaDue: Bool
    /// The due date of the earliest open "BIA after a change of care" task, if any.
    let biaTaskDue: String?
    let bias: [BiaRow]; let hasBias: Bool
    let bids: [BidRow]; let hasBids: Bool
    let care: [CareRow]; let hasCare: Bool
    let guardians: [GuardianRow]; let hasGuardians: Bool
    let requests: [RequestRow]; let hasRequests: Bool
    let hasTracingConsent: Bool
    let panel: [PanelRow]
    let triggers: [SelectOption]; let careTypes: [SelectOption]; let recommendedCare: [SelectOption]; let solutions: [SelectOption]
    let guardianRoles: [SelectOption]; let relationships: [SelectOption]; let sexes: [SelectOption]; let methods: [SelectOption]
    let forms: Forms

    static let panelRows = 5

    static func build(_ req: Request, personID id: UUID, forms: Forms, verify: RowForm?, reunify: RowForm?) async throws -> ChildPageModel {
        let actor = try req.actor
        let now = req.badil.now, today = DayDate(now)
        let person = try await ChildAccess.person(id, actor, on: req.db)
        let isChild = person.isChild(on: today)
        let bi = BestInterestsService(db: req.db, ctx: req.badil)
        let bias = try await bi.assessments(personID: id, by: actor, audit: false)
        let bids = try await bi.determinations(personID: id, by: actor, audit: false)
        let care = try await CareArrangementService(db: req.db, ctx: req.badil).list(personID: id, by: actor, audit: false)
        let guardians = try await GuardianService(db: req.db, ctx: req.badil).list(personID: id, by: actor, audit: false)
        let requests = try await requestRows(req, person: person, actor: actor, verify: verify, reunify: reunify)
        try await ChildAccess.auditRead("child.page_read", id, actor, at: now, on: req.db)
        let canWrite = actor.can(.caseManage)
        let canConfirm = actor.can(.caseAssign) || actor.can(.caseClose)
        let consent = try await ChildAccess.tracingConsent([id], today: today, on: req.db).contains(id)
        let biaTask = try await CaseTaskRecord.query(on: req.db).filter(\.$personID == id).filter(\.$kind == "bia")
            .filter(\.$status == CaseTaskStatus.open.rawValue).sort(\.$dueOn).first()
        let v = forms.bia.values, c = forms.care.values, g = forms.guardian.values, t = forms.tracing.values, b = forms.bid.values
        return ChildPageModel(
            person: PersonHeader(person, today: today), isChild: isChild, canWrite: canWrite, today: today.description,
            biaDue: isChild && bias.isEmpty, biaTaskDue: isChild ? biaTask?.dueOn : nil,
            bias: bias.map { biaRow($0, req) }, hasBias: !bias.isEmpty,
            bids: bids.map { d in
                BidRow(id: d.id!.uuidString, version: d.version, decidedOn: d.decidedOn, solution: label("child_solution", d.solution, req), rationale: d.rationale,
                       panel: d.panelMembers.map { m in [m.name, m.role, m.organisation].compactMap { $0 }.joined(separator: " · ") },
                       confirmed: d.confirmedBy.map { "\($0) (\(d.confirmedOn ?? ""))" }, recordedBy: d.recordedBy,
                       canConfirm: canConfirm && d.confirmedBy == nil && d.recordedByID != actor.userID)
            }, hasBids: !bids.isEmpty,
            care: care.map { r in
                CareRow(type: label("child_care_type", r.careType, req), caregiver: r.caregiver, startedOn: r.startedOn, endedOn: r.endedOn ?? "–",
                        current: r.endedOn == nil, notes: r.notes ?? "")
            }, hasCare: !care.isEmpty,
            guardians: guardians.map { r in
                GuardianRow(id: r.id!.uuidString, version: r.version, name: r.name, role: label("child_guardian_role", r.role, req),
                            organisation: r.organisation ?? "–", appointedOn: r.appointedOn, endedOn: r.endedOn ?? "–", current: r.endedOn == nil)
            }, hasGuardians: !guardians.isEmpty,
            requests: requests, hasRequests: !requests.isEmpty, hasTracingConsent: consent,
            panel: (0..<panelRows).map { i in
                PanelRow(index: i, name: b["panel\(i)Name"] ?? "", role: b["panel\(i)Role"] ?? "", organisation: b["panel\(i)Organisation"] ?? "",
                         error: forms.bid.errors["panel.\(i).name"] ?? forms.bid.errors["panel.\(i).role"])
            },
            triggers: req.options(BIATrigger.self, selected: v["trigger"]) { $0.labelKey },
            careTypes: req.options(CareType.self, selected: c["careType"]) { $0.labelKey },
            recommendedCare: req.options(CareType.self, selected: v["recommendedCare"]) { $0.labelKey },
            solutions: req.options(DurableSolution.self, selected: b["solution"]) { $0.labelKey },
            guardianRoles: req.options(GuardianRole.self, selected: g["role"]) { $0.labelKey },
            relationships: req.options(TracingRelationship.self, selected: t["relationship"]) { $0.labelKey },
            sexes: req.options(Sex.self, selected: t["soughtSex"]) { $0.labelKey },
            methods: req.options(VerificationMethod.self, selected: verify?.state.values["method"]) { $0.labelKey },
            forms: forms)
    }

    static func label(_ prefix: String, _ raw: String, _ req: Request) -> String { req.t("\(prefix).\(raw)") }

    static func yesNo(_ b: Bool?, _ req: Request) -> String { b.map { req.t($0 ? "value.yes" : "value.no") } ?? "–" }

    static func biaRow(_ b: ChildBIARecord, _ req: Request) -> BiaRow {
        let findings = [("child.bia.safety", b.safety), ("child.bia.health", b.health), ("child.bia.education", b.education),
                        ("child.bia.family_contact", b.familyContact)]
            .compactMap { key, text in text.map { Finding(label: req.t(key), text: $0) } }
        return BiaRow(conductedOn: b.conductedOn, trigger: label("child_bia_trigger", b.trigger, req), assessor: b.assessor,
                      childHeard: yesNo(b.childHeard, req), views: b.childViews ?? b.notHeardReason ?? "", findings: findings,
                      recommendation: b.recommendation, recommendedCare: label("child_care_type", b.recommendedCare, req))
    }

    static func requestRows(_ req: Request, person: PersonRecord, actor: Actor, verify: RowForm?, reunify: RowForm?) async throws -> [RequestRow] {
        let service = TracingService(db: req.db, ctx: req.badil)
        let list = try await service.requests(personID: person.id!, by: actor, audit: false)
        guard !list.isEmpty else { return [] }
        let pool = try await service.pool(by: actor, today: DayDate(req.badil.now))
        var rows: [RequestRow] = []
        for r in list {
            let view = try await service.get(r.id!, by: actor, audit: false)
            let candidates = r.tracingStatus == .open
                ? TracingService.candidates(for: r, seeker: person, in: pool, taken: Set(view.matches.map(\.match.matchedPersonID))) : []
            let matches = view.matches.map { m in matchRow(m, req, form: verify?.id == m.match.id ? verify!.state : FormState()) }
            rows.append(RequestRow(
                id: r.id!.uuidString, sought: r.soughtNameLatin ?? "", soughtOriginal: r.soughtNameOriginal ?? "",
                relationship: label("tracing_relationship", r.relationship, req), status: label("tracing_status", r.status, req),
                open: r.tracingStatus == .open, lastKnownPlace: r.lastKnownPlace ?? "–", lastSeenOn: r.lastSeenOn ?? "–",
                birthYear: r.soughtBirthYear.map(String.init) ?? "–",
                candidates: candidates.map { candidateRow($0, req) }, hasCandidates: !candidates.isEmpty, matches: matches, hasMatches: !matches.isEmpty,
                canReunify: r.tracingStatus == .open && view.matches.contains { $0.match.matchStatus == .verified },
                reunification: view.reunification.map { "\($0.reunifiedOn) · \($0.place)" },
                reunifyForm: reunify?.id == r.id ? reunify!.state : FormState(), version: r.version,
                closedReason: r.tracingStatus == .closed ? r.closedReason : nil))
        }
        return rows
    }

    static func candidateRow(_ c: TracingCandidate, _ req: Request) -> CandidateRow {
        CandidateRow(personId: c.person.id!.uuidString, requestId: c.request?.id?.uuidString ?? "", caseNumber: c.person.caseNumber,
                     name: c.person.nameLatin ?? "", nameOriginal: c.person.nameOriginal ?? "", score: String(format: "%.0f%%", c.score.score * 100),
                     reasons: c.score.reasons.map { req.t("match.\($0.code)", $0.params) }.joined(separator: "; "),
                     isRequest: c.request != nil, mutual: c.score.mutual)
    }

    static func matchRow(_ v: TracingService.MatchView, _ req: Request, form: FormState) -> MatchRow {
        let m = v.match
        return MatchRow(id: m.id!.uuidString, version: m.version, caseNumber: v.person?.caseNumber ?? "–",
                        name: v.person.map { [$0.nameLatin, $0.nameOriginal].compactMap { $0 }.joined(separator: " · ") } ?? req.t("tracing.not_visible"),
                        status: label("tracing_match_status", m.status, req), statusKey: m.status, proposed: m.matchStatus == .proposed,
                        verified: m.matchStatus == .verified, method: m.method.map { label("tracing_method", $0, req) } ?? "–", verifiedOn: m.verifiedOn ?? "–",
                        wishes: m.matchStatus == .verified ? "\(req.t("tracing.seeker_wishes")): \(yesNo(m.seekerWishes, req)); \(req.t("tracing.sought_wishes")): \(yesNo(m.soughtWishes, req))" : "",
                        form: form)
    }
}
