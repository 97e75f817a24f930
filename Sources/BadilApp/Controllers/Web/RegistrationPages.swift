import Fluent
import Foundation
import Vapor
import BadilCore

/// Arrivals, the rapid registration form, people and the duplicate review queue in the browser.
struct RegistrationPages {
    func register(_ app: Application) {
        app.on(.GET, "arrivals", access: .permission(.personRegister), use: arrivals)
        app.on(.GET, "arrivals", "new", access: .permission(.arrivalRecord), use: newArrival)
        app.on(.POST, "arrivals", access: .permission(.arrivalRecord), use: createArrival)
        app.on(.GET, "arrivals", ":id", access: .permission(.personRegister), use: arrival)
        app.on(.POST, "arrivals", ":id", "register", access: .permission(.personRegister), use: registerOne)

        app.on(.GET, "persons", access: .permission(.personRead), use: people)
        app.on(.GET, "persons", ":id", access: .permission(.personRead), use: person)
        app.on(.POST, "persons", ":id", "age", access: .permission(.personUpdate), use: updateAge)
        app.on(.POST, "persons", ":id", "identity", access: .permission(.personUpdate), use: updateIdentity)
        app.on(.POST, "persons", ":id", "care", access: .permission(.personUpdate), use: updateCare)
        app.on(.POST, "persons", ":id", "links", access: .permission(.personUpdate), use: addLink)
        app.on(.POST, "persons", ":id", "move", access: .permission(.stayRecord), use: move)

        app.on(.GET, "duplicates", access: .permission(.personMerge), use: duplicates)
        app.on(.POST, "duplicates", ":id", "decision", access: .permission(.personMerge), use: decide)
        app.on(.POST, "duplicates", ":id", "unmerge", access: .permission(.personUnmerge), use: unmerge)
        app.on(.POST, "duplicates", "sweep", access: .permission(.personMerge), use: sweep)
    }

    // MARK: Arrivals

    struct ArrivalRow: Encodable { let id: String; let when: String; let kind: String; let location: String; let reported: String; let registered: Int }
    struct ArrivalList: Encodable { let rows: [ArrivalRow]; let pager: Pager; let kinds: [SelectOption]; let canRecord: Bool }

    static func when(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Africa/Tripoli")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    @Sendable func arrivals(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let kind = try req.filterChoice("kind", ArrivalKind.self)
        let page = try req.page()
        let result = try await ArrivalService(db: req.db, ctx: req.badil).list(kind: kind, locationID: nil, page: page, by: actor)
        let rows = result.items.map { s in
            ArrivalRow(id: s.arrival.id!.uuidString, when: Self.when(s.arrival.occurredAt), kind: req.t(s.arrival.arrivalKind.labelKey),
                       location: s.arrival.location.name(in: req.language), reported: s.arrival.reportedCount.map(String.init) ?? "–",
                       registered: s.registered)
        }
        return try await req.renderPage("arrivals/list", titleKey: "arrivals.title", ArrivalList(
            rows: rows, pager: Pager(page, total: result.total, path: "/arrivals", query: ["kind": kind?.rawValue ?? ""]),
            kinds: req.options(ArrivalKind.self, selected: kind?.rawValue) { $0.labelKey }, canRecord: actor.can(.arrivalRecord)))
    }

    struct ArrivalForm: Encodable { let form: FormState; let kinds: [SelectOption]; let locations: [SelectOption] }

    private func arrivalForm(_ req: Request, form: FormState, status: HTTPStatus) async throws -> Response {
        let kind = form.values["kind"].flatMap(ArrivalKind.init(rawValue:))
        let types = kind.map { [$0.locationType.rawValue] } ?? [LocationType.disembarkationPoint.rawValue, LocationType.detentionCentre.rawValue]
        let places = try await LocationRecord.query(on: req.db).filter(\.$type ~~ types).filter(\.$active == true).sort(\.$nameEn).all()
        let locations = places.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name(in: req.language)) · \(req.t($0.locationType.labelKey))",
                                                  selected: $0.id!.uuidString == form.values["locationId"]) }
        return try await req.renderPage("arrivals/form", titleKey: "arrivals.new", ArrivalForm(
            form: form, kinds: req.options(ArrivalKind.self, selected: form.values["kind"]) { $0.labelKey }, locations: locations), status: status)
    }

    @Sendable func newArrival(_ req: Request) async throws -> Response {
        let now = Self.when(req.badil.now).replacingOccurrences(of: " ", with: "T")
        return try await arrivalForm(req, form: FormState(values: ["kind": "disembarkation", "occurredAt": now]), status: .ok)
    }

    @Sendable func createArrival(_ req: Request) async throws -> Response {
        let f = req.formFields()
        var form = FormState(values: f)
        do {
            var issues: [FieldIssue] = []
            let occurred = Self.parseLocal(f["occurredAt"], field: "occurredAt", issues: &issues)
            let count = Self.parseInt(f["reportedCount"], field: "reportedCount", issues: &issues)
            if !issues.isEmpty { throw DomainError.invalid(issues) }
            let input = ArrivalInput(kind: f["kind"], locationId: f["locationId"].flatMap(UUID.init(uuidString:)), occurredAt: occurred,
                                     interceptingUnit: f["interceptingUnit"], reportedCount: count)
            let arrival = try await ArrivalService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
            return req.redirect("/arrivals/\(arrival.id!.uuidString)", notice: "created")
        } catch DomainError.invalid(let issues) {
            form.add(issues, req)
            return try await arrivalForm(req, form: form, status: .unprocessableEntity)
        }
    }

    /// `2026-11-29T14:30` in Libyan time (the form's local time) to a Date.
    static func parseLocal(_ raw: String?, field: String, issues: inout [FieldIssue]) -> Date? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Africa/Tripoli")
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            f.dateFormat = format
            if let d = f.date(from: raw) { return d }
        }
        issues.append(FieldIssue(field, "invalid_date"))
        return nil
    }

    static func parseInt(_ raw: String?, field: String, issues: inout [FieldIssue]) -> Int? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let n = Int(raw) else { issues.append(FieldIssue(field, "invalid_number")); return nil }
        return n
    }

    struct PersonRow: Encodable {
        let id: String; let caseNumber: String; let name: String; let nameOriginal: String; let sex: String; let age: String
        let nationality: String; let child: Bool; let care: String?; let urgent: [String]; let canOpen: Bool
    }

    struct CandidateView: Encodable {
        let visible: Bool; let href: String; let caseNumber: String; let name: String; let score: Int; let reasons: [String]; let details: String
    }

    struct ArrivalPage: Encodable {
        let id: String; let kind: String; let location: String; let when: String; let unit: String; let reported: String; let registered: Int
        let people: [PersonRow]; let form: FormState; let sexes: [SelectOption]; let nationalities: [SelectOption]
        let commonLanguages: [SelectOption]; let needs: [SelectOption]; let relationships: [SelectOption]; let groupOptions: [SelectOption]
        let candidates: [CandidateView]; let hasCandidates: Bool; let lastRegistered: String?
    }

    static let commonNationalities = ["NER", "NGA", "TCD", "SDN", "EGY", "ERI", "ETH", "SOM", "MLI", "GHA", "BGD", "SSD", "CMR", "GIN", "CIV", "SEN", "GMB", "SYR", "PSE", "MAR"]
    static let commonLanguages = ["ar", "ha", "fr", "en", "ti", "am", "so", "ff", "bm", "kr", "taq", "bn"]

    func personRows(_ people: [PersonRecord], _ req: Request, canOpen: Bool) -> [PersonRow] {
        let today = DayDate(req.badil.now)
        return people.map { p in
            PersonRow(id: p.id!.uuidString, caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "",
                      sex: req.t("sex.\(p.sex)"), age: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? "?",
                      nationality: Self.nationalityName(p.nationality, req), child: p.isChild(on: today),
                      care: p.careStatus.isEmpty ? nil : req.t("care.\(p.careStatus)"),
                      urgent: p.needs.map { req.t($0.labelKey) }.sorted(), canOpen: canOpen)
        }
    }

    static func nationalityName(_ code: String, _ req: Request) -> String {
        if code == NationalityRules.undetermined || code == NationalityRules.stateless { return req.t("nationality.\(code)") }
        return req.badil.reference.countryName(code, req.language) ?? code
    }

    private func arrivalPage(_ req: Request, id: UUID, form: FormState, candidates: [DuplicateCandidate] = [], status: HTTPStatus = .ok,
                             lastRegistered: String? = nil) async throws -> Response {
        let actor = try req.actor
        let summary = try await ArrivalService(db: req.db, ctx: req.badil).get(id, by: actor)
        let a = summary.arrival
        let people = try await RecordScopes.persons(actor, on: req.db).filter(\.$arrival.$id == id).sort(\.$caseNumber, .descending).limit(500).all()
        let ref = req.badil.reference
        let common = Self.commonNationalities.compactMap { code in ref.countries.first { $0.code == code } }
        var nationalities = [SelectOption(value: NationalityRules.undetermined, label: req.t("nationality.undetermined"), selected: (form.values["nationality"] ?? "undetermined") == "undetermined"),
                             SelectOption(value: NationalityRules.stateless, label: req.t("nationality.stateless"), selected: form.values["nationality"] == "stateless")]
        nationalities += common.map { SelectOption(value: $0.code, label: "\($0.name(req.language)) (\($0.code))", selected: form.values["nationality"] == $0.code) }
        nationalities += ref.countries.filter { !Self.commonNationalities.contains($0.code) }
            .map { SelectOption(value: $0.code, label: "\($0.name(req.language)) (\($0.code))", selected: form.values["nationality"] == $0.code) }
        let chosenLanguages = Set((form.values["languages"] ?? "").split(separator: ",").map(String.init))
        let langs = Self.commonLanguages.compactMap { code in ref.languages.first { $0.code == code } }
            .map { SelectOption(value: $0.code, label: $0.name(req.language), selected: chosenLanguages.contains($0.code)) }
        let needs = UrgentNeed.allCases.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: form.values["need_\($0.rawValue)"] == "on") }
        let group = people.map { SelectOption(value: $0.id!.uuidString, label: "\($0.caseNumber) · \($0.displayName)", selected: form.values["linkPersonId"] == $0.id!.uuidString) }
        let views = candidates.map { c in
            CandidateView(visible: c.visible, href: c.visible ? "/persons/\(c.personID.uuidString)" : "", caseNumber: c.caseNumber ?? "",
                          name: c.name ?? "", score: Int((c.score * 100).rounded()),
                          reasons: c.reasons.map { req.t("match.\($0.code)", $0.params) },
                          details: [c.nationality.map { Self.nationalityName($0, req) }, c.birthYear.map { "\(req.t("field.birth_year")) \($0)" },
                                    c.sex.map { req.t("sex.\($0)") }].compactMap { $0 }.joined(separator: " · "))
        }
        return try await req.renderPage("arrivals/show", titleKey: "arrivals.register_title", ArrivalPage(
            id: id.uuidString, kind: req.t(a.arrivalKind.labelKey), location: a.location.name(in: req.language), when: Self.when(a.occurredAt),
            unit: a.interceptingUnit ?? "", reported: a.reportedCount.map(String.init) ?? "–", registered: summary.registered,
            people: personRows(people, req, canOpen: actor.can(.personRead)), form: form,
            sexes: req.options(Sex.self, selected: form.values["sex"]) { $0.labelKey }, nationalities: nationalities,
            commonLanguages: langs, needs: needs,
            relationships: req.options(Relationship.self, selected: form.values["linkRelationship"]) { $0.labelKey }, groupOptions: group,
            candidates: views, hasCandidates: !views.isEmpty, lastRegistered: lastRegistered), status: status)
    }

    @Sendable func arrival(_ req: Request) async throws -> Response {
        let last = try? req.query.get(String.self, at: "registered")
        return try await arrivalPage(req, id: try req.uuidParameter(), form: FormState(), lastRegistered: last.flatMap { CaseNumber.looksLikeCaseNumber($0) ? $0 : nil })
    }

    /// One person from the rapid form. Probable duplicates are shown first; saving anyway needs a tick.
    @Sendable func registerOne(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        let otherLanguages = (f["otherLanguages"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        let chosen = Self.commonLanguages.filter { f["lang_\($0)"] == "on" }
        form.values["languages"] = chosen.joined(separator: ",")
        var issues: [FieldIssue] = []
        let age = Self.parseInt(f["claimedAge"], field: "claimedAge", issues: &issues)
        let draft = RegistrationDraft(nameOriginal: f["nameOriginal"], nameLatin: f["nameLatin"], sex: f["sex"], dateOfBirth: f["dateOfBirth"],
                                      dateOfBirthEstimated: f["dateOfBirthEstimated"] == "on", claimedAge: age,
                                      ageDisputed: f["ageDisputed"] == "on", nationality: f["nationality"], languages: chosen + otherLanguages,
                                      urgentNeeds: UrgentNeed.allCases.filter { f["need_\($0.rawValue)"] == "on" }.map(\.rawValue))
        var links: [RegistrationRow.Link] = []
        if let target = f["linkPersonId"], !target.isEmpty {
            if let uuid = UUID(uuidString: target) { links.append(.init(ref: nil, personID: uuid, relationship: f["linkRelationship"])) }
            else { issues.append(FieldIssue("linkPersonId", "invalid_value")) }
        }
        let service = RegistrationService(db: req.db, ctx: req.badil)
        do {
            if !issues.isEmpty {
                // Report every problem at once: the rules' findings as well as the unreadable numbers.
                do { _ = try RegistrationRules.validate(draft, codes: req.badil.reference.codes, today: DayDate(req.badil.now)) }
                catch DomainError.invalid(let more) { issues += more.filter { $0.field != "claimedAge" } }
                throw DomainError.invalid(issues)
            }
            if f["confirmNew"] != "on" {
                let found = try await service.checkDuplicates([draft], by: try req.actor).first ?? []
                if !found.isEmpty {
                    return try await arrivalPage(req, id: id, form: form, candidates: found, status: .conflict)
                }
            }
            let done = try await service.register(arrivalID: id, rows: [RegistrationRow(ref: nil, draft: draft, links: links)], by: try req.actor)
            return req.redirect(to: "/arrivals/\(id.uuidString)?registered=\(done[0].person.caseNumber)#register", redirectType: .normal)
        } catch DomainError.invalid(let found) {
            form.add(found.map { FieldIssue($0.field.replacingOccurrences(of: "links.0.personId", with: "linkPersonId")
                                               .replacingOccurrences(of: "links.0.relationship", with: "linkRelationship"), $0.code, $0.params) }, req)
            return try await arrivalPage(req, id: id, form: form, status: .unprocessableEntity)
        }
    }

    // MARK: People

    struct PeopleList: Encodable {
        let rows: [PersonRow]; let pager: Pager; let q: String; let nationalities: [SelectOption]; let sexes: [SelectOption]
        let ageGroups: [SelectOption]; let cares: [SelectOption]; let locations: [SelectOption]
    }

    @Sendable func people(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let search = PersonSearch(text: req.filterText("q"), nationality: req.filterText("nationality")?.uppercased(),
                                  locationID: try req.filterUUID("locationId"), ageGroup: try req.filterOneOf("ageGroup", ["child", "adult"]),
                                  sex: try req.filterChoice("sex", Sex.self), careStatus: try req.filterChoice("care", CareStatus.self),
                                  urgent: try req.filterChoice("urgent", UrgentNeed.self), arrivalID: try req.filterUUID("arrivalId"))
        let page = try req.page()
        let result = try await PersonService(db: req.db, ctx: req.badil).search(search, page: page, by: actor)
        let ref = req.badil.reference
        let nationalities = Self.commonNationalities.compactMap { code in ref.countries.first { $0.code == code } }
            .map { SelectOption(value: $0.code, label: $0.name(req.language), selected: search.nationality == $0.code) }
        let places = try await LocationRecord.query(on: req.db).filter(\.$active == true).sort(\.$nameEn).all()
        let query = ["q": search.text ?? "", "nationality": search.nationality ?? "", "sex": search.sex?.rawValue ?? "",
                     "ageGroup": search.ageGroup ?? "", "care": search.careStatus?.rawValue ?? "", "locationId": search.locationID?.uuidString ?? ""]
        return try await req.renderPage("persons/list", titleKey: "persons.title", PeopleList(
            rows: personRows(result.items, req, canOpen: true), pager: Pager(page, total: result.total, path: "/persons", query: query),
            q: search.text ?? "", nationalities: nationalities,
            sexes: req.options(Sex.self, selected: search.sex?.rawValue) { $0.labelKey },
            ageGroups: ["child", "adult"].map { SelectOption(value: $0, label: req.t("age_group.\($0)"), selected: search.ageGroup == $0) },
            cares: req.options(CareStatus.self, selected: search.careStatus?.rawValue) { $0.labelKey },
            locations: places.map { SelectOption(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: search.locationID == $0.id) }))
    }

    struct Fact: Encodable { let label: String; let value: String }
    struct StayView: Encodable { let location: String; let type: String; let from: String; let to: String; let reason: String; let detention: Bool; let current: Bool }
    struct LinkView: Encodable { let relationship: String; let href: String?; let label: String }
    struct NameView: Encodable { let original: String; let latin: String; let when: String; let by: String; let reason: String }
    struct PersonPage: Encodable {
        let id: String; let caseNumber: String; let name: String; let nameOriginal: String; let facts: [Fact]; let isChild: Bool
        let care: String?; let inDetention: Bool; let currentLocation: String; let daysInDetention: Int; let stays: [StayView]
        let links: [LinkView]; let hasLinks: Bool; let names: [NameView]; let merged: [String]; let hasMerged: Bool; let urgent: [String]; let version: Int
        let canUpdate: Bool; let canMove: Bool; let ageForm: FormState; let methods: [SelectOption]; let cares: [SelectOption]
        let relationships: [SelectOption]; let locations: [SelectOption]; let linkForm: FormState; let moveForm: FormState
        let identityForm: FormState; let sexes: [SelectOption]; let nationalities: [SelectOption]; let cases: PersonCasePanel
        let placement: PersonPlacementPanel
        let incidents: PersonIncidentPanel
        /// Links to the case file, child protection and outcome pages (for those who read case records).
        let showCaseLinks: Bool
    }

    func personPage(_ req: Request, id: UUID, ageForm: FormState = FormState(), linkForm: FormState = FormState(),
                    moveForm: FormState = FormState(), identityForm: FormState = FormState(), incidentForm: FormState = FormState(),
                    status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let d = try await PersonService(db: req.db, ctx: req.badil).get(id, by: actor)
        let p = d.person
        let today = DayDate(req.badil.now)
        var facts = [
            Fact(label: req.t("field.sex"), value: req.t("sex.\(p.sex)")),
            Fact(label: req.t("field.age"), value: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? req.t("value.unknown")),
            Fact(label: req.t("field.date_of_birth"), value: (p.dateOfBirth ?? "–") + (p.dateOfBirthEstimated && p.dateOfBirth != nil ? " (\(req.t("value.estimated")))" : "")),
            Fact(label: req.t("field.claimed_age"), value: p.claimedAge.map(String.init) ?? "–"),
        ]
        if let assessed = p.assessedAge {
            facts.append(Fact(label: req.t("field.assessed_age"),
                              value: "\(assessed) · \(req.t("age_method.\(p.assessmentMethod ?? "other")")) · \(p.assessedOn ?? "")"))
        }
        if p.ageDisputed { facts.append(Fact(label: req.t("field.age_disputed"), value: req.t("value.yes"))) }
        facts += [
            Fact(label: req.t("field.nationality"), value: Self.nationalityName(p.nationality, req)),
            Fact(label: req.t("field.languages"), value: p.languageList.map { code in req.badil.reference.languages.first { $0.code == code }?.name(req.language) ?? code }.joined(separator: ", ")),
            Fact(label: req.t("field.arrival"), value: "\(req.t(d.arrival.arrivalKind.labelKey)) · \(d.arrival.location.name(in: req.language)) · \(Self.when(d.arrival.occurredAt))"),
        ]
        let stays = d.stays.map { s in
            StayView(location: s.location.name(in: req.language), type: req.t(s.location.locationType.labelKey), from: Self.when(s.startedAt),
                     to: s.endedAt.map(Self.when) ?? req.t("value.now"), reason: req.t("stay_reason.\(s.reason)", fallback: s.reason),
                     detention: s.location.locationType.isDetention, current: s.endedAt == nil && s.personID == p.id)
        }
        let current = d.currentStay
        let places = try await LocationRecord.query(on: req.db).filter(\.$active == true).sort(\.$nameEn).all()
        var age = ageForm
        if age.values.isEmpty {
            age.values = ["assessedAge": p.assessedAge.map(String.init) ?? "", "assessmentMethod": p.assessmentMethod ?? "",
                          "assessedOn": p.assessedOn ?? "", "ageDisputed": p.ageDisputed.formValue, "dateOfBirth": p.dateOfBirth ?? ""]
        }
        var identity = identityForm
        if identity.values.isEmpty {
            identity.values = ["nameOriginal": p.nameOriginal ?? "", "nameLatin": p.nameLatin ?? "", "sex": p.sex, "nationality": p.nationality]
        }
        let ref = req.badil.reference
        let nationalities = [NationalityRules.undetermined, NationalityRules.stateless].map {
            SelectOption(value: $0, label: req.t("nationality.\($0)"), selected: identity.values["nationality"] == $0)
        } + ref.countries.map { SelectOption(value: $0.code, label: "\($0.name(req.language)) (\($0.code))", selected: identity.values["nationality"] == $0.code) }
        return try await req.renderPage("persons/show", titleKey: "persons.record", PersonPage(
            id: p.id!.uuidString, caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "", facts: facts,
            isChild: p.isChild(on: today), care: p.careStatus.isEmpty ? nil : req.t("care.\(p.careStatus)"),
            inDetention: current?.location.locationType.isDetention ?? false,
            currentLocation: current.map { $0.location.name(in: req.language) } ?? "–", daysInDetention: d.daysInDetention,
            stays: stays, links: d.links.map { link, other in
                LinkView(relationship: req.t("relationship.\(link.relationship)"), href: other.map { "/persons/\($0.id!.uuidString)" },
                         label: other.map { "\($0.caseNumber) · \($0.displayName)" } ?? req.t("persons.not_in_scope"))
            }, hasLinks: !d.links.isEmpty,
            names: d.names.map { NameView(original: $0.nameOriginal ?? "", latin: $0.nameLatin ?? "", when: Self.when($0.recordedAt), by: $0.recordedBy, reason: req.t("name_reason.\($0.reason)", fallback: $0.reason)) },
            merged: d.merged.map(\.caseNumber), hasMerged: !d.merged.isEmpty, urgent: p.needs.map { req.t($0.labelKey) }.sorted(), version: p.version,
            canUpdate: actor.can(.personUpdate), canMove: actor.can(.stayRecord),
            ageForm: age, methods: req.options(AgeAssessmentMethod.self, selected: age.values["assessmentMethod"]) { $0.labelKey },
            cares: req.options(CareStatus.self, selected: p.careOverride) { $0.labelKey },
            relationships: req.options(Relationship.self, selected: linkForm.values["relationship"]) { $0.labelKey },
            locations: places.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name(in: req.language)) · \(req.t($0.locationType.labelKey))", selected: moveForm.values["locationId"] == $0.id!.uuidString) },
            linkForm: linkForm, moveForm: moveForm, identityForm: identity,
            sexes: req.options(Sex.self, selected: identity.values["sex"]) { $0.labelKey }, nationalities: nationalities,
            cases: try await PersonCasePanel.build(req, person: p, actor: actor),
            placement: try await PersonPlacementPanel.build(req, person: p, actor: actor),
            incidents: try await PersonIncidentPanel.build(req, person: p, actor: actor, form: incidentForm),
            showCaseLinks: actor.readsCaseRecords), status: status)
    }

    @Sendable func person(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        return try await personPage(req, id: id)
    }

    @Sendable func updateAge(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        var issues: [FieldIssue] = []
        let assessed = Self.parseInt(f["assessedAge"], field: "assessedAge", issues: &issues)
        var cleared: Set<String> = []
        if assessed == nil && issues.isEmpty { cleared.formUnion(["assessedAge", "assessmentMethod", "assessedOn"]) }
        if (f["dateOfBirth"] ?? "").isEmpty { cleared.insert("dateOfBirth") }
        let input = PersonUpdateInput(dateOfBirth: (f["dateOfBirth"] ?? "").isEmpty ? nil : f["dateOfBirth"], assessedAge: assessed,
                                      assessmentMethod: (f["assessmentMethod"] ?? "").isEmpty ? nil : f["assessmentMethod"],
                                      assessedOn: (f["assessedOn"] ?? "").isEmpty ? nil : f["assessedOn"], ageDisputed: f["ageDisputed"] == "on")
        do {
            if !issues.isEmpty { throw DomainError.invalid(issues) }
            _ = try await PersonService(db: req.db, ctx: req.badil).update(id, input, cleared: cleared, expected: Int(f["version"] ?? "").map(ExpectedVersion.version), by: try req.actor)
            return req.redirect("/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let found) {
            form.add(found, req)
            return try await personPage(req, id: id, ageForm: form, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            form.add(message: "error.stale_version", req)
            return try await personPage(req, id: id, ageForm: form, status: .preconditionFailed)
        }
    }

    /// Corrects names (the earlier ones stay in the history), sex and nationality.
    @Sendable func updateIdentity(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        func text(_ k: String) -> String? { (f[k] ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : f[k] }
        var cleared: Set<String> = []
        if text("nameOriginal") == nil { cleared.insert("nameOriginal") }
        if text("nameLatin") == nil { cleared.insert("nameLatin") }
        let input = PersonUpdateInput(nameOriginal: text("nameOriginal"), nameLatin: text("nameLatin"), sex: f["sex"], nationality: f["nationality"])
        do {
            _ = try await PersonService(db: req.db, ctx: req.badil).update(id, input, cleared: cleared, expected: Int(f["version"] ?? "").map(ExpectedVersion.version), by: try req.actor)
            return req.redirect("/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let found) {
            form.add(found, req)
            return try await personPage(req, id: id, identityForm: form, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            form.add(message: "error.stale_version", req)
            return try await personPage(req, id: id, identityForm: form, status: .preconditionFailed)
        }
    }

    @Sendable func updateCare(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let value = f["careOverride"] ?? ""
        let input = PersonUpdateInput(careOverride: value.isEmpty ? nil : value)
        do {
            _ = try await PersonService(db: req.db, ctx: req.badil).update(id, input, cleared: value.isEmpty ? ["careOverride"] : [],
                                                                         expected: Int(f["version"] ?? "").map(ExpectedVersion.version), by: try req.actor)
            return req.redirect("/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.staleVersion {
            var form = FormState()
            form.add(message: "error.stale_version", req)
            return try await personPage(req, id: id, ageForm: form, status: .preconditionFailed)
        }
    }

    @Sendable func addLink(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        do {
            let caseNumber = (f["relatedCaseNumber"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard let related = try await RecordScopes.persons(try req.actor, on: req.db).filter(\.$caseNumber == caseNumber).first() else {
                throw DomainError.invalid([FieldIssue("relatedCaseNumber", caseNumber.isEmpty ? "required" : "not_found_ref")])
            }
            try await PersonService(db: req.db, ctx: req.badil).link(id, to: related.id!, relationship: f["relationship"], by: try req.actor)
            return req.redirect("/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let found) {
            form.add(found.map { FieldIssue($0.field == "relatedId" ? "relatedCaseNumber" : $0.field, $0.code, $0.params) }, req)
            return try await personPage(req, id: id, linkForm: form, status: .unprocessableEntity)
        }
    }

    @Sendable func move(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        do {
            var issues: [FieldIssue] = []
            let at = Self.parseLocal(f["at"], field: "at", issues: &issues)
            if !issues.isEmpty { throw DomainError.invalid(issues) }
            try await PersonService(db: req.db, ctx: req.badil).move(id, to: f["locationId"].flatMap(UUID.init(uuidString:)), reason: f["reason"], at: at, by: try req.actor)
            return req.redirect("/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let found) {
            form.add(found, req)
            return try await personPage(req, id: id, moveForm: form, status: .unprocessableEntity)
        }
    }

    // MARK: Duplicates

    struct Side: Encodable { let href: String; let caseNumber: String; let name: String; let nameOriginal: String; let details: String }
    struct PairView: Encodable { let id: String; let score: Int; let reasons: [String]; let a: Side; let b: Side; let status: String; let merged: Bool; let source: String }
    struct DuplicateList: Encodable { let rows: [PairView]; let pager: Pager; let statuses: [SelectOption]; let status: String; let canUnmerge: Bool; let proposed: Bool }

    @Sendable func duplicates(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let status = try req.filterOneOf("status", ["proposed", "same", "different"]) ?? "proposed"
        let page = try req.page()
        let result = try await DuplicateService(db: req.db, ctx: req.badil).queue(status: status, page: page, by: actor)
        let today = DayDate(req.badil.now)
        func side(_ p: PersonRecord) -> Side {
            Side(href: "/persons/\(p.id!.uuidString)", caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "",
                 details: [req.t("sex.\(p.sex)"), AgeRules.age(p.ageFacts, on: today).map { "\(req.t("field.age")) \($0)" },
                           Self.nationalityName(p.nationality, req)].compactMap { $0 }.joined(separator: " · "))
        }
        let rows = result.items.map { v in
            PairView(id: v.pair.id!.uuidString, score: Int((v.pair.score * 100).rounded()),
                     reasons: ReasonCoding.decode(v.pair.reasons).map { req.t("match.\($0.code)", $0.params) },
                     a: side(v.a), b: side(v.b), status: req.t("pair_status.\(v.pair.status)"), merged: v.pair.status == "same",
                     source: req.t("pair_source.\(v.pair.source)"))
        }
        return try await req.renderPage("duplicates/list", titleKey: "duplicates.title", DuplicateList(
            rows: rows, pager: Pager(page, total: result.total, path: "/duplicates", query: ["status": status]),
            statuses: ["proposed", "same", "different"].map { SelectOption(value: $0, label: req.t("pair_status.\($0)"), selected: $0 == status) },
            status: status, canUnmerge: actor.can(.personUnmerge), proposed: status == "proposed"))
    }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let f = req.formFields()
        _ = try await DuplicateService(db: req.db, ctx: req.badil).decide(try req.uuidParameter(), decision: f["decision"], by: try req.actor)
        return req.redirect("/duplicates", notice: "saved")
    }

    @Sendable func unmerge(_ req: Request) async throws -> Response {
        _ = try await DuplicateService(db: req.db, ctx: req.badil).unmerge(try req.uuidParameter(), by: try req.actor)
        return req.redirect("/duplicates?status=different", notice: "saved")
    }

    @Sendable func sweep(_ req: Request) async throws -> Response {
        _ = try await DuplicateSweep(db: req.db, ctx: req.badil).run(holder: "web-\(req.correlationID)")
        return req.redirect("/duplicates", notice: "saved")
    }
}

extension Request {
    /// A translation that falls back to given text when the key is unknown (free-text reasons).
    func t(_ key: String, fallback: String) -> String {
        badil.localizer.has(key) ? t(key) : fallback
    }
}
