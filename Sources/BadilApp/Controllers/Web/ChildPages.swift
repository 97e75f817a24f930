import Foundation
import Vapor
import BadilCore

/// The child-protection page of a person (best interests, care, guardian, family tracing) and the tracing list.
struct ChildPages {
    func register(_ app: Application) {
        app.on(.GET, "persons", ":id", "child", access: .permission(.personRead), use: show)
        app.on(.POST, "persons", ":id", "child", "bias", access: .permission(.caseManage), use: assess)
        app.on(.POST, "persons", ":id", "child", "bids", access: .permission(.caseManage), use: determine)
        app.on(.POST, "persons", ":id", "child", "bids", ":bid", "confirm", access: .permission(.caseAssign), use: confirm)
        app.on(.POST, "persons", ":id", "child", "care", access: .permission(.caseManage), use: startCare)
        app.on(.POST, "persons", ":id", "child", "guardians", access: .permission(.caseManage), use: appoint)
        app.on(.POST, "persons", ":id", "child", "guardians", ":gid", "end", access: .permission(.caseManage), use: endGuardian)
        app.on(.POST, "persons", ":id", "child", "tracing", access: .permission(.caseManage), use: createRequest)
        app.on(.POST, "persons", ":id", "child", "tracing", ":rid", "matches", access: .permission(.caseManage), use: propose)
        app.on(.POST, "persons", ":id", "child", "matches", ":mid", "verify", access: .permission(.caseManage), use: verify)
        app.on(.POST, "persons", ":id", "child", "matches", ":mid", "reject", access: .permission(.caseManage), use: reject)
        app.on(.POST, "persons", ":id", "child", "tracing", ":rid", "reunification", access: .permission(.caseManage), use: reunify)
        app.on(.POST, "persons", ":id", "child", "tracing", ":rid", "close", access: .permission(.caseManage), use: closeRequest)
        app.on(.GET, "tracing", access: .permission(.caseManage), use: list)
    }

    func page(_ req: Request, id: UUID, forms: ChildPageModel.Forms = .init(), verify: ChildPageModel.RowForm? = nil,
              reunify: ChildPageModel.RowForm? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let model = try await ChildPageModel.build(req, personID: id, forms: forms, verify: verify, reunify: reunify)
        return try await req.renderPage("child/show", titleKey: "child.title", model, status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response { try await page(req, id: try req.uuidParameter()) }

    private func done(_ req: Request, _ id: UUID, _ anchor: String) -> Response {
        req.redirect(to: "/persons/\(id.uuidString)/child?notice=saved#\(anchor)", redirectType: .normal)
    }

    /// Runs a write from a form; a refusal re-renders the page with the form's errors (422), a stale version with a message (409).
    private func submit(_ req: Request, anchor: String, form: WritableKeyPath<ChildPageModel.Forms, FormState>? = nil,
                        row: ((FormState) -> (verify: ChildPageModel.RowForm?, reunify: ChildPageModel.RowForm?))? = nil,
                        _ write: @escaping @Sendable (UUID, [String: String], Actor) async throws -> Void) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        do {
            try await write(id, f, try req.actor)
            return done(req, id, anchor)
        } catch DomainError.invalid(let issues) {
            var state = FormState(values: f)
            state.addPlacement(issues, req, labels: Self.labels(req))
            return try await rerender(req, id, state, form: form, row: row, status: .unprocessableEntity)
        } catch DomainError.staleVersion, DomainError.versionRequired {
            var state = FormState(values: f)
            state.add(message: "error.stale_version", req)
            return try await rerender(req, id, state, form: form, row: row, status: .conflict)
        } catch DomainError.conflict(let key) {
            var state = FormState(values: f)
            state.add(message: "error.\(key)", req)
            return try await rerender(req, id, state, form: form, row: row, status: .conflict)
        }
    }

    private func rerender(_ req: Request, _ id: UUID, _ state: FormState, form: WritableKeyPath<ChildPageModel.Forms, FormState>?,
                          row: ((FormState) -> (verify: ChildPageModel.RowForm?, reunify: ChildPageModel.RowForm?))?, status: HTTPStatus) async throws -> Response {
        var forms = ChildPageModel.Forms()
        if let form { forms[keyPath: form] = state }
        let rows = row?(state)
        return try await page(req, id: id, forms: forms, verify: rows?.verify, reunify: rows?.reunify, status: status)
    }

    static func bool(_ raw: String?) -> Bool? {
        switch raw { case "yes": return true; case "no": return false; default: return nil }
    }

    static func int(_ raw: String?, _ field: String) throws -> Int? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let n = Int(text) else { throw DomainError.invalid([FieldIssue(field, "invalid_number")]) }
        return n
    }

    static func version(_ f: [String: String]) -> ExpectedVersion? { Int(f["version"] ?? "").map(ExpectedVersion.version) }

    @Sendable func assess(_ req: Request) async throws -> Response {
        try await submit(req, anchor: "bia-h", form: \.bia) { id, f, actor in
            let input = BIAInput(conductedOn: f["conductedOn"], trigger: f["trigger"], safety: f["safety"], health: f["health"], education: f["education"],
                                 familyContact: f["familyContact"], childHeard: Self.bool(f["childHeard"]), childViews: f["childViews"],
                                 notHeardReason: f["notHeardReason"], recommendation: f["recommendation"], recommendedCare: f["recommendedCare"])
            _ = try await BestInterestsService(db: req.db, ctx: req.badil).assess(personID: id, input, by: actor)
        }
    }

    @Sendable func determine(_ req: Request) async throws -> Response {
        try await submit(req, anchor: "bid-h", form: \.bid) { id, f, actor in
            let panel = (0..<ChildPageModel.panelRows).map { i in
                PanelMember(name: f["panel\(i)Name"], role: f["panel\(i)Role"], organisation: f["panel\(i)Organisation"])
            }
            let input = BIDInput(decidedOn: f["decidedOn"], solution: f["solution"], rationale: f["rationale"], panel: panel)
            _ = try await BestInterestsService(db: req.db, ctx: req.badil).determine(personID: id, input, by: actor)
        }
    }

    @Sendable func confirm(_ req: Request) async throws -> Response {
        let bid = try req.uuidParameter("bid")
        return try await submit(req, anchor: "bid-h", form: \.bid) { id, f, actor in
            try await Self.owned(ChildBIDRecord.find(bid, on: req.db)?.personID, id)
            _ = try await BestInterestsService(db: req.db, ctx: req.badil).confirm(bid, expected: Self.version(f), by: actor)
        }
    }

    @Sendable func startCare(_ req: Request) async throws -> Response {
        try await submit(req, anchor: "care-h", form: \.care) { id, f, actor in
            let input = CareInput(careType: f["careType"], caregiver: f["caregiver"], startedOn: f["startedOn"], notes: f["notes"])
            _ = try await CareArrangementService(db: req.db, ctx: req.badil).record(personID: id, input, by: actor)
        }
    }

    @Sendable func appoint(_ req: Request) async throws -> Response {
        try await submit(req, anchor: "guardian-h", form: \.guardian) { id, f, actor in
            let input = GuardianInput(name: f["name"], role: f["role"], organisation: f["organisation"], appointedOn: f["appointedOn"])
            _ = try await GuardianService(db: req.db, ctx: req.badil).appoint(personID: id, input, by: actor)
        }
    }

    @Sendable func endGuardian(_ req: Request) async throws -> Response {
        let gid = try req.uuidParameter("gid")
        return try await submit(req, anchor: "guardian-h", form: \.guardian) { id, f, actor in
            try await Self.owned(ChildGuardianRecord.find(gid, on: req.db)?.personID, id)
            _ = try await GuardianService(db: req.db, ctx: req.badil).end(gid, GuardianEndInput(endedOn: f["endedOn"]), expected: Self.version(f), by: actor)
        }
    }

    /// A record reached through a person's page must belong to that person.
    static func owned(_ owner: UUID?, _ id: UUID) throws {
        guard owner == id else { throw DomainError.notFound }
    }

    @Sendable func createRequest(_ req: Request) async throws -> Response {
        try await submit(req, anchor: "tracing-h", form: \.tracing) { id, f, actor in
            let input = TracingRequestInput(soughtNameOriginal: f["soughtNameOriginal"], soughtNameLatin: f["soughtNameLatin"], soughtSex: f["soughtSex"],
                                            soughtBirthYear: try Self.int(f["soughtBirthYear"], "soughtBirthYear"),
                                            soughtApproxAge: try Self.int(f["soughtApproxAge"], "soughtApproxAge"), relationship: f["relationship"],
                                            lastKnownPlace: f["lastKnownPlace"], lastSeenOn: f["lastSeenOn"], notes: f["notes"])
            _ = try await TracingService(db: req.db, ctx: req.badil).create(personID: id, input, by: actor)
        }
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let rid = try req.uuidParameter("rid")
        return try await submit(req, anchor: "tracing-h", form: \.tracing) { id, f, actor in
            try await Self.owned(TracingRequestRecord.find(rid, on: req.db)?.personID, id)
            let input = TracingMatchInput(personId: f["personId"].flatMap(UUID.init(uuidString:)), requestId: f["requestId"].flatMap(UUID.init(uuidString:)))
            _ = try await TracingService(db: req.db, ctx: req.badil).propose(rid, input, by: actor)
        }
    }

    private static func matchOwner(_ mid: UUID, _ req: Request) async throws -> UUID? {
        guard let m = try await TracingMatchRecord.find(mid, on: req.db) else { return nil }
        return try await TracingRequestRecord.find(m.requestID, on: req.db)?.personID
    }

    @Sendable func verify(_ req: Request) async throws -> Response {
        let mid = try req.uuidParameter("mid")
        return try await submit(req, anchor: "tracing-h", row: { (ChildPageModel.RowForm(id: mid, state: $0), nil) }) { id, f, actor in
            try Self.owned(try await Self.matchOwner(mid, req), id)
            let input = TracingVerifyInput(method: f["method"], verifiedOn: f["verifiedOn"], seekerWishes: Self.bool(f["seekerWishes"]),
                                           soughtWishes: Self.bool(f["soughtWishes"]), notes: f["notes"])
            _ = try await TracingService(db: req.db, ctx: req.badil).verify(mid, input, expected: Self.version(f), by: actor)
        }
    }

    @Sendable func reject(_ req: Request) async throws -> Response {
        let mid = try req.uuidParameter("mid")
        return try await submit(req, anchor: "tracing-h", row: { (ChildPageModel.RowForm(id: mid, state: $0), nil) }) { id, f, actor in
            try Self.owned(try await Self.matchOwner(mid, req), id)
            _ = try await TracingService(db: req.db, ctx: req.badil).reject(mid, expected: Self.version(f), by: actor)
        }
    }

    @Sendable func reunify(_ req: Request) async throws -> Response {
        let rid = try req.uuidParameter("rid")
        return try await submit(req, anchor: "tracing-h", row: { (nil, ChildPageModel.RowForm(id: rid, state: $0)) }) { id, f, actor in
            try await Self.owned(TracingRequestRecord.find(rid, on: req.db)?.personID, id)
            let input = ReunificationInput(reunifiedOn: f["reunifiedOn"], place: f["place"], notes: f["notes"])
            _ = try await ReunificationService(db: req.db, ctx: req.badil).record(requestID: rid, input, by: actor)
        }
    }

    @Sendable func closeRequest(_ req: Request) async throws -> Response {
        let rid = try req.uuidParameter("rid")
        return try await submit(req, anchor: "tracing-h", row: { (nil, ChildPageModel.RowForm(id: rid, state: $0)) }) { id, f, actor in
            try await Self.owned(TracingRequestRecord.find(rid, on: req.db)?.personID, id)
            _ = try await TracingService(db: req.db, ctx: req.badil).close(rid, reason: f["reason"], expected: Self.version(f), by: actor)
        }
    }

    static func labels(_ req: Request) -> [String: String] {
        let keys = ["conductedOn": "child.bia.conducted_on", "trigger": "child.bia.trigger", "childHeard": "child.bia.child_heard",
                    "childViews": "child.bia.child_views", "notHeardReason": "child.bia.not_heard_reason", "recommendation": "child.bia.recommendation",
                    "recommendedCare": "child.bia.recommended_care", "decidedOn": "child.bid.decided_on", "solution": "child.bid.solution",
                    "rationale": "child.bid.rationale", "panel": "child.bid.panel", "bia": "child.bia.title", "careType": "child.care.type",
                    "caregiver": "child.care.caregiver", "startedOn": "child.care.started_on", "name": "child.guardian.name", "role": "child.guardian.role",
                    "appointedOn": "child.guardian.appointed_on", "endedOn": "child.guardian.ended_on", "personId": "child.person",
                    "soughtNameOriginal": "tracing.sought_name_original", "soughtNameLatin": "tracing.sought_name_latin", "soughtSex": "tracing.sought_sex",
                    "soughtBirthYear": "tracing.sought_birth_year", "soughtApproxAge": "tracing.sought_age", "relationship": "tracing.relationship",
                    "lastKnownPlace": "tracing.last_known_place", "lastSeenOn": "tracing.last_seen_on", "consent": "tracing.consent",
                    "method": "tracing.method", "verifiedOn": "tracing.verified_on", "seekerWishes": "tracing.seeker_wishes",
                    "soughtWishes": "tracing.sought_wishes", "match": "tracing.match", "reunifiedOn": "tracing.reunified_on", "place": "tracing.place",
                    "notes": "child.notes"]
        return keys.mapValues { req.t($0) }
    }

    // MARK: Tracing list

    struct ListRow: Encodable {
        let href: String; let caseNumber: String; let seeker: String; let sought: String; let relationship: String; let openedOn: String
        let candidates: Int; let proposed: Int
    }
    struct ListPage: Encodable { let rows: [ListRow]; let hasRows: Bool; let pager: Pager }

    @Sendable func list(_ req: Request) async throws -> Response {
        let page = try req.page()
        let result = try await TracingService(db: req.db, ctx: req.badil).open(page: page, by: try req.actor)
        let rows = result.items.map { r in
            ListRow(href: "/persons/\(r.seeker.id!.uuidString)/child#tracing-h", caseNumber: r.seeker.caseNumber,
                    seeker: r.seeker.nameLatin ?? r.seeker.nameOriginal ?? "", sought: r.request.soughtName,
                    relationship: req.t("tracing_relationship.\(r.request.relationship)"), openedOn: r.request.openedOn,
                    candidates: r.candidates, proposed: r.proposed)
        }
        return try await req.renderPage("child/tracing", titleKey: "tracing.title", ListPage(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/tracing", query: [:])))
    }
}
